using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// Everything stored about one LS at one moment, with the record row (and so its ETag and version) that
/// a change to it is guarded by.
/// </summary>
public sealed record LiaisonSnapshot(LiaisonEntity Record, LiaisonDetails Details, IReadOnlyList<TrackedStep> Tracked, IReadOnlyList<MailEntity> Mail)
{
    /// <summary>The partition's rows this snapshot was made from, by row key: a committed change applied to them is the snapshot after it.</summary>
    internal IReadOnlyList<ITableEntity> Rows { get; private init; } = [];

    /// <summary>The snapshot of an LS's rows (in row-key order), or null when its record is not among them.</summary>
    internal static LiaisonSnapshot? FromRows(IReadOnlyList<ITableEntity> rows)
    {
        if (rows.OfType<LiaisonEntity>().FirstOrDefault() is not { } record) return null;
        var details = new LiaisonDetails(
            record.ToDomain([.. rows.OfType<AddresseeEntity>().Select(a => a.ToDomain())]),
            [.. rows.OfType<HistoryEntity>().Select(h => h.ToDomain())],
            [.. rows.OfType<DocumentEntity>().Select(d => d.ToDomain())],
            [.. rows.OfType<ReplyEntity>().Select(r => r.ToDomain()).OrderBy(r => r.ReceivedOn).ThenBy(r => r.RecordedAt)]);
        return new LiaisonSnapshot(record, details, [.. rows.OfType<TrackEntity>().Select(t => t.ToDomain())], [.. rows.OfType<MailEntity>()]) { Rows = rows };
    }

    /// <summary>
    /// The snapshot after a committed transaction, without reading again: its upserts and deletes applied
    /// to these rows, each written row with the ETag the service answered and dated as it reads back.
    /// </summary>
    internal LiaisonSnapshot? After(IReadOnlyList<TableTransactionAction> committed, IReadOnlyList<Response> answers) =>
        Applied(Rows, committed, answers);

    /// <summary>A new LS's snapshot from the transaction that created it.</summary>
    internal static LiaisonSnapshot? Written(IReadOnlyList<TableTransactionAction> committed, IReadOnlyList<Response> answers) =>
        Applied([], committed, answers);

    static LiaisonSnapshot? Applied(IReadOnlyList<ITableEntity> before, IReadOnlyList<TableTransactionAction> committed, IReadOnlyList<Response> answers)
    {
        var rows = new SortedDictionary<string, ITableEntity>(StringComparer.Ordinal);
        foreach (var row in before) rows[row.RowKey] = row;
        for (var i = 0; i < committed.Count; i++)
        {
            var (action, entity) = (committed[i].ActionType, committed[i].Entity);
            if (LiaisonRows.SnapshotType(entity.RowKey) is not { } type) continue; // a row the snapshot does not hold
            if (action == TableTransactionActionType.Delete) { rows.Remove(entity.RowKey); continue; }
            if (entity.GetType() != type) return null; // written in another shape than it reads back: read it
            TableRowMapper.AsStored(entity);
            if (i < answers.Count && answers[i].Headers.ETag is { } etag) entity.ETag = etag;
            rows[entity.RowKey] = entity;
        }
        return FromRows([.. rows.Values]);
    }

    /// <summary>A snapshot of the same rows that shares no entity with this one (the cache hands each reader its own).</summary>
    internal LiaisonSnapshot Copy() => FromRows([.. Rows.Select(TableRowMapper.Copy)])!;

    public string Id => Record.PartitionKey;
    public LiaisonStatement Liaison => Details.Liaison;
    public LiaisonState State => Liaison.State;
    public int Version => Record.Version;

    /// <summary>Whether a history line with this key exists: the change it records was done.</summary>
    public bool HasHistory(string key) => Details.History.Any(h => h.Key == key);

    public IReadOnlySet<string> TrackedKeys => Tracked.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
}
