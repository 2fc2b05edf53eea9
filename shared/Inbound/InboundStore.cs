using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Inbound;

/// <summary>
/// Inbound messages, stored whole before anything is done with them: the raw MIME (or every text field of a
/// parsed post), the text to show and each attachment in Blob storage under their content hashes — written
/// only if absent, so nothing stored is ever overwritten — then the record in the Inbound table. One record per
/// message: its id comes from the Message-ID, or from the content hash when there is none, so a redelivery
/// finds the record it made the first time and changes nothing.
/// </summary>
public sealed class InboundStore(StorageClients clients, StorageNames names)
{
    /// <summary>Stores the post; the record already stored for the same message (Created false) on a redelivery.</summary>
    public async Task<(InboundRecord Record, bool Created)> StoreAsync(InboundPost post, DateTimeOffset at, CancellationToken ct = default)
    {
        var container = await clients.ContainerAsync(names.InboundContainer);
        var attachments = new List<InboundAttachment>();
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        whole.AppendData(SHA256.HashData(post.Content));
        foreach (var attachment in post.Attachments)
        {
            await using var source = attachment.Open();
            var (sha256, length, seekable) = await HashAsync(source, ct);
            var blobName = $"attachments/{sha256}/{attachment.FileName}";
            await UploadIfAbsentAsync(container, blobName, seekable, attachment.ContentType, ct);
            attachments.Add(new InboundAttachment(attachment.FileName, attachment.ContentType, length, sha256, blobName));
            whole.AppendData(Convert.FromHexString(sha256));
        }
        var contentSha = Convert.ToHexStringLower(whole.GetHashAndReset());
        var id = IdOf(post.MessageId, contentSha);

        var table = await clients.TableAsync(names.Inbound);
        if (await GetAsync(id, ct) is { } earlier) return (earlier, false);

        var folder = $"messages/{contentSha}";
        var contentBlob = $"{folder}/{(post.Variant == InboundVariant.Raw ? "message.eml" : "post.json")}";
        await UploadIfAbsentAsync(container, contentBlob, new MemoryStream(post.Content, writable: false),
            post.Variant == InboundVariant.Raw ? "message/rfc822" : "application/json", ct);
        var textBlob = $"{folder}/text.txt";
        await UploadIfAbsentAsync(container, textBlob, new MemoryStream(Encoding.UTF8.GetBytes(post.Text), writable: false), "text/plain; charset=utf-8", ct);

        // The record last: it points only at blobs that are there.
        var record = InboundRecord.From(id, post, contentSha, contentBlob, textBlob, attachments, at);
        try
        {
            var added = await table.AddEntityAsync(record, ct);
            record.ETag = added.Headers.ETag ?? default;
            return (record, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return ((await GetAsync(id, ct))!, false); // the same message delivered twice at once
        }
    }

    /// <summary>"in-" and 24 hex digits of the hash of the Message-ID, or of the content when it has none.</summary>
    public static string IdOf(string? messageId, string contentSha256) =>
        "in-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId is null ? $"sha|{contentSha256}" : $"mid|{messageId}")))[..24];

    public async Task<InboundRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.Inbound);
        var found = await table.GetEntityIfExistsAsync<InboundRecord>(InboundRecord.Partition, id, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task<IReadOnlyList<InboundRecord>> ListAsync(InboundStatus status, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.Inbound);
        var wanted = status.ToString();
        var records = new List<InboundRecord>();
        await foreach (var record in table.QueryAsync<InboundRecord>(r => r.PartitionKey == InboundRecord.Partition && r.Status == wanted, cancellationToken: ct))
            records.Add(record);
        return [.. records.OrderByDescending(r => r.ReceivedAt)];
    }

    /// <summary>Writes the record if it is unchanged since it was read; false when another change came first.</summary>
    public async Task<bool> UpdateAsync(InboundRecord record, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.Inbound);
        try
        {
            var response = await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, ct);
            record.ETag = response.Headers.ETag ?? record.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<BlobDownloadStreamingResult?> OpenAsync(string blobName, CancellationToken ct = default)
    {
        var container = await clients.ContainerAsync(names.InboundContainer);
        try
        {
            return (await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> TextAsync(InboundRecord record, CancellationToken ct = default)
    {
        var blob = await OpenAsync(record.TextBlob, ct);
        if (blob is null) return "";
        using var reader = new StreamReader(blob.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    /// <summary>The hash and length of a stream, and the stream rewound (copied first when it cannot seek).</summary>
    static async Task<(string Sha256, long Length, Stream Rewound)> HashAsync(Stream source, CancellationToken ct)
    {
        var seekable = source;
        if (!source.CanSeek)
        {
            seekable = new MemoryStream();
            await source.CopyToAsync(seekable, ct);
        }
        seekable.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(seekable, ct));
        var length = seekable.Length;
        seekable.Position = 0;
        return (sha256, length, seekable);
    }

    static async Task UploadIfAbsentAsync(BlobContainerClient container, string blobName, Stream content, string contentType, CancellationToken ct)
    {
        try
        {
            await container.GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The same bytes are already there under their hash.
        }
    }
}
