using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

public sealed class DocumentTooLargeException(long limit) : Exception($"The document is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>TDs and other files of an LS in Blob storage, at "{liaisonId}/{fileName}".</summary>
public sealed class DocumentStore(StorageClients clients, StorageNames names)
{
    /// <summary>
    /// Stores a file. The content is spooled to a temporary file first, so an oversized or broken upload
    /// is refused before the stored blob is touched: a bad upload never loses the previous version.
    /// </summary>
    public async Task<(long Length, string Sha256)> UploadAsync(string liaisonId, string fileName, Stream content, string contentType, long maxBytes, CancellationToken ct = default)
    {
        DocumentNames.EnsureValid(fileName);
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            length += read;
            if (length > maxBytes) throw new DocumentTooLargeException(maxBytes);
            hash.AppendData(buffer, 0, read);
            await spool.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        spool.Position = 0;

        var container = await clients.ContainerAsync(names.DocumentsContainer);
        await container.GetBlobClient(BlobName(liaisonId, fileName)).UploadAsync(spool, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
        }, ct);
        return (length, sha256);
    }

    /// <summary>Opens a stored file, or null if there is none.</summary>
    public async Task<BlobDownloadStreamingResult?> OpenAsync(string liaisonId, string fileName, CancellationToken ct = default)
    {
        DocumentNames.EnsureValid(fileName);
        var container = await clients.ContainerAsync(names.DocumentsContainer);
        var blob = container.GetBlobClient(BlobName(liaisonId, fileName));
        try
        {
            return (await blob.DownloadStreamingAsync(cancellationToken: ct)).Value;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    static string BlobName(string liaisonId, string fileName) => $"{liaisonId}/{fileName}";
}
