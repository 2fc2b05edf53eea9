using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

public sealed class DocumentTooLargeException(long limit) : Exception($"The document is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// TDs and other files of an LS in Blob storage. Each upload is stored under its content's hash,
/// "{liaisonId}/{sha256}/{fileName}", so a blob is never overwritten with other bytes: it is written
/// before its row under a name no earlier row points to, and every version a history line names
/// stays readable at its link.
/// </summary>
public sealed class DocumentStore(StorageClients clients, StorageNames names)
{
    /// <summary>
    /// Stores a file. The content is spooled to a temporary file first, so an oversized or broken upload
    /// is refused before the stored blob is touched: a bad upload never loses the previous version.
    /// </summary>
    /// <param name="reply">A reply's document: stored apart from the LS's TDs, under "{liaisonId}/replies/".</param>
    public async Task<(long Length, string Sha256, string BlobName)> UploadAsync(string liaisonId, string fileName, Stream content, string contentType, long maxBytes, CancellationToken ct = default, bool reply = false)
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
        var blobName = BlobName(reply ? $"{liaisonId}/replies" : liaisonId, sha256, fileName);
        try
        {
            // Only if absent: the same bytes under the same name are already there.
            await container.GetBlobClient(blobName).UploadAsync(spool, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
                Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
            }, ct);
        }
        catch (Azure.RequestFailedException e) when (e.Status is 409 or 412)
        {
        }
        return (length, sha256, blobName);
    }

    /// <summary>Opens a stored file by its blob name (from its row; rows of older versions have none: "{liaisonId}/{fileName}"), or null if there is none.</summary>
    public async Task<BlobDownloadStreamingResult?> OpenAsync(string liaisonId, LiaisonDocument document, CancellationToken ct = default) =>
        await OpenAsync(document.BlobName ?? $"{liaisonId}/{document.FileName}", ct);

    /// <summary>An earlier version of a file, by the hash its history line names.</summary>
    public Task<BlobDownloadStreamingResult?> OpenVersionAsync(string liaisonId, string sha256, string fileName, CancellationToken ct = default)
    {
        DocumentNames.EnsureValid(fileName);
        return OpenAsync(BlobName(liaisonId, sha256, fileName), ct);
    }

    async Task<BlobDownloadStreamingResult?> OpenAsync(string blobName, CancellationToken ct)
    {
        var container = await clients.ContainerAsync(names.DocumentsContainer);
        var blob = container.GetBlobClient(blobName);
        try
        {
            return (await blob.DownloadStreamingAsync(cancellationToken: ct)).Value;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    static string BlobName(string liaisonId, string sha256, string fileName) => $"{liaisonId}/{sha256}/{fileName}";
}
