using Azure;
using Azure.Data.Tables;

namespace LiaisonFlow.Mail;

/// <summary>The MailLog table: one row per mail key and LS, recording what was sent to whom and when.</summary>
public sealed class MailLog(Storage.StorageClients clients, Storage.StorageNames names)
{
    Task<TableClient> Table() => clients.TableAsync(names.MailLog);

    public async Task<(MailLogEntry Entry, ETag ETag)?> GetAsync(string liaisonId, string key, CancellationToken ct = default)
    {
        var table = await Table();
        var row = await table.GetEntityIfExistsAsync<MailLogEntity>(liaisonId, key, cancellationToken: ct);
        return row.HasValue ? (row.Value!.ToDomain(), row.Value.ETag) : null;
    }

    /// <summary>Adds the row, or replaces it if its ETag still matches; false when someone else got there first.</summary>
    public async Task<bool> TryWriteAsync(MailLogEntry entry, ETag? ifMatch, CancellationToken ct = default)
    {
        var table = await Table();
        try
        {
            if (ifMatch is { } etag) await table.UpdateEntityAsync(MailLogEntity.From(entry), etag, TableUpdateMode.Replace, ct);
            else await table.AddEntityAsync(MailLogEntity.From(entry), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<MailLogEntry>> ListAsync(string? liaisonId, CancellationToken ct = default)
    {
        var table = await Table();
        var rows = liaisonId is null
            ? table.QueryAsync<MailLogEntity>(cancellationToken: ct)
            : table.QueryAsync<MailLogEntity>(e => e.PartitionKey == liaisonId, cancellationToken: ct);
        var list = new List<MailLogEntry>();
        await foreach (var row in rows) list.Add(row.ToDomain());
        return [.. list.OrderBy(e => e.CreatedAt).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }

    sealed class MailLogEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Kind { get; set; } = "";
        public string To { get; set; } = "";
        public string Subject { get; set; } = "";
        public string Status { get; set; } = "";
        public string Transport { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? SentAt { get; set; }
        public string? ProviderMessageId { get; set; }
        public int Attempts { get; set; }
        public string? Error { get; set; }

        public static MailLogEntity From(MailLogEntry e) => new()
        {
            PartitionKey = e.LiaisonId,
            RowKey = e.Key,
            Kind = e.Kind,
            To = string.Join(";", e.To),
            Subject = e.Subject,
            Status = e.Status.ToString(),
            Transport = e.Transport,
            CreatedAt = e.CreatedAt,
            SentAt = e.SentAt,
            ProviderMessageId = e.ProviderMessageId,
            Attempts = e.Attempts,
            Error = e.Error,
        };

        public MailLogEntry ToDomain() => new(PartitionKey, RowKey, Kind,
            To.Split(';', StringSplitOptions.RemoveEmptyEntries), Subject, Enum.Parse<MailStatus>(Status),
            Transport, CreatedAt, SentAt, ProviderMessageId, Attempts, Error);
    }
}
