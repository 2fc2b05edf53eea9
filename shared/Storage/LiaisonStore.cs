using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// Reads the Liaisons table: one partition per LS holding its record, addressees, history, documents,
/// replies, reply-tracking steps and mail. Every write goes through <see cref="LiaisonLedger"/>.
/// </summary>
public sealed class LiaisonStore(StorageClients clients, StorageNames names)
{
    internal Task<TableClient> Table() => clients.TableAsync(names.Liaisons);

    readonly LiaisonSnapshotCache cache = new();

    /// <summary>
    /// The LS as stored now, or null when there is none. An LS this process has seen costs a point read of its
    /// record (the snapshot kept is used when the record's ETag says nothing changed since); any other, one
    /// query of its whole partition (a page per 1,000 rows).
    /// </summary>
    public async Task<LiaisonSnapshot?> ReadAsync(string id, CancellationToken ct = default)
    {
        if (cache.Holds(id))
        {
            if (await GetRecordEntityAsync(id, ct) is not { } record) { cache.Forget(id); return null; }
            if (cache.Find(id, record.ETag) is { } unchanged) return unchanged;
        }
        return await ReadPartitionAsync(id, ct);
    }

    /// <summary>The LS's whole partition in one query, whatever this process has seen of it: a read after the record's ETag refused a change.</summary>
    internal async Task<LiaisonSnapshot?> ReadPartitionAsync(string id, CancellationToken ct = default)
    {
        var table = await Table();
        var rows = new List<ITableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: ct))
            if (Typed(row) is { } typed) rows.Add(typed);
        var read = LiaisonSnapshot.FromRows(rows);
        if (read is null) cache.Forget(id);
        else cache.Remember(read);
        return read;
    }

    /// <summary>
    /// The snapshot this process last read or committed of the LS, not checked against the store: the ledger decides a
    /// change on it and commits under its record's ETag, which refuses the commit if the LS changed since.
    /// </summary>
    internal LiaisonSnapshot? Kept(string id) => cache.Last(id);

    /// <summary>The ledger's word for what it just committed: the LS as stored after it.</summary>
    internal void Remember(LiaisonSnapshot written) => cache.Remember(written);

    /// <summary>A row of an LS's partition as its entity type, by its row key; null for rows a snapshot does not hold (a reply's documents).</summary>
    static ITableEntity? Typed(TableEntity row) =>
        LiaisonRows.SnapshotType(row.RowKey) is { } type ? TableRowMapper.As(type, row) : null;

    /// <summary>The LS's own record alone (no addressees, history or other rows): one point read, for naming it elsewhere.</summary>
    public async Task<LiaisonStatement?> GetRecordAsync(string id, CancellationToken ct = default) =>
        (await GetRecordEntityAsync(id, ct))?.ToDomain([]);

    /// <summary>The LS's record row alone, as stored (its pending mark too): one point read.</summary>
    public async Task<LiaisonEntity?> GetRecordEntityAsync(string id, CancellationToken ct = default)
    {
        var record = await (await Table()).GetEntityIfExistsAsync<LiaisonEntity>(id, LiaisonRows.Record, cancellationToken: ct);
        return record.HasValue ? record.Value : null;
    }

    public async Task<LiaisonStatement?> GetAsync(string id, CancellationToken ct = default) =>
        (await ReadAsync(id, ct))?.Liaison;

    public async Task<LiaisonDetails?> GetDetailsAsync(string id, CancellationToken ct = default) =>
        (await ReadAsync(id, ct))?.Details;

    /// <summary>The rows of one partition whose row key starts with <paramref name="prefix"/>.</summary>
    static async Task<List<T>> RangeAsync<T>(TableClient table, string id, string prefix, CancellationToken ct) where T : class, ITableEntity, new()
    {
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<T>(RangeFilter(prefix, id), cancellationToken: ct)) rows.Add(row);
        return rows;
    }

    static string RangeFilter(string prefix, string? partition = null)
    {
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var range = TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {end}");
        return partition is null ? range : TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and " + range;
    }

    public async Task<IReadOnlyList<LiaisonStatement>> ListAsync(LiaisonQuery query, CancellationToken ct = default)
    {
        var table = await Table();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LiaisonRows.Record}");
        if (query.MeetingId is not null) filter += " and " + TableClient.CreateQueryFilter($"MeetingId eq {query.MeetingId}");
        if (query.State is not null) filter += " and " + TableClient.CreateQueryFilter($"State eq {query.State.ToString()}");

        HashSet<string>? addressed = null;
        if (query.GroupId is not null)
        {
            addressed = [];
            var rowKey = LiaisonRows.Addressee(query.GroupId);
            await foreach (var a in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {rowKey}"), select: ["PartitionKey"], cancellationToken: ct))
                addressed.Add(a.PartitionKey);
        }

        var result = new List<LiaisonStatement>();
        await foreach (var e in table.QueryAsync<LiaisonEntity>(filter, cancellationToken: ct))
        {
            if (addressed is not null && !addressed.Contains(e.PartitionKey)) continue;
            var ls = e.ToDomain([]);
            if (query.Number is not null && !ls.IsNumbered(query.Number)) continue;
            result.Add(ls);
        }
        return result;
    }

    /// <summary>LS records the workflow has not caught up with since <paramref name="before"/> (see <see cref="LiaisonEntity.PendingSince"/>).</summary>
    public async Task<IReadOnlyList<LiaisonEntity>> ListPendingAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        var table = await Table();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LiaisonRows.Record} and PendingSince le {before}");
        var rows = new List<LiaisonEntity>();
        await foreach (var e in table.QueryAsync<LiaisonEntity>(filter, cancellationToken: ct)) rows.Add(e);
        return rows;
    }

    /// <summary>Every LS record (the consistency check and the start-up sweep read them all).</summary>
    public async Task<IReadOnlyList<LiaisonEntity>> ListRecordsAsync(CancellationToken ct = default)
    {
        var table = await Table();
        var rows = new List<LiaisonEntity>();
        await foreach (var e in table.QueryAsync<LiaisonEntity>(TableClient.CreateQueryFilter($"RowKey eq {LiaisonRows.Record}"), cancellationToken: ct)) rows.Add(e);
        return rows;
    }

    public async Task<LiaisonDocument?> GetDocumentAsync(string id, string fileName, CancellationToken ct = default)
    {
        var table = await Table();
        var row = await table.GetEntityIfExistsAsync<DocumentEntity>(id, LiaisonRows.Document(fileName), cancellationToken: ct);
        return row.HasValue ? row.Value!.ToDomain() : null;
    }

    /// <summary>A reply's document, by the replying group and the file's name.</summary>
    public async Task<LiaisonDocument?> GetReplyDocumentAsync(string id, string groupId, string fileName, CancellationToken ct = default)
    {
        var table = await Table();
        var row = await table.GetEntityIfExistsAsync<DocumentEntity>(id, LiaisonRows.ReplyDocument(groupId, fileName), cancellationToken: ct);
        return row.HasValue ? row.Value!.ToDomain() : null;
    }

    /// <summary>The mail log: one LS's mail, or every LS's.</summary>
    public async Task<IReadOnlyList<Mail.MailLogEntry>> ListMailAsync(string? liaisonId, CancellationToken ct = default)
    {
        var table = await Table();
        var list = new List<Mail.MailLogEntry>();
        await foreach (var row in table.QueryAsync<MailEntity>(RangeFilter(LiaisonRows.MailPrefix, liaisonId), cancellationToken: ct))
            list.Add(row.ToLogEntry());
        return [.. list.OrderBy(e => e.CreatedAt).ThenBy(e => e.LiaisonId, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }
}
