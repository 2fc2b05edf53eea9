using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>LS records, addressees, history and document metadata in the Liaisons table.</summary>
public sealed class LiaisonStore(StorageClients clients, StorageNames names)
{
    Task<TableClient> Table() => clients.TableAsync(names.Liaisons);

    /// <summary>Writes a new LS with its addressees and first history line atomically; false if the id is taken.</summary>
    public async Task<bool> CreateAsync(LiaisonStatement ls, HistoryEntry created, CancellationToken ct = default)
    {
        var table = await Table();
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, LiaisonEntity.From(ls)),
            new(TableTransactionActionType.UpsertReplace, HistoryEntity.From(ls.Id, created)),
        };
        batch.AddRange(ls.Addressees.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, AddresseeEntity.From(ls.Id, a))));
        try
        {
            await table.SubmitTransactionAsync(batch, ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    public async Task<LiaisonStatement?> GetAsync(string id, CancellationToken ct = default) =>
        (await GetDetailsAsync(id, ct))?.Liaison;

    public async Task<LiaisonDetails?> GetDetailsAsync(string id, CancellationToken ct = default)
    {
        var table = await Table();
        var record = await table.GetEntityIfExistsAsync<LiaisonEntity>(id, LiaisonRows.Record, cancellationToken: ct);
        if (!record.HasValue) return null;
        var addressees = await RangeAsync<AddresseeEntity>(table, id, LiaisonRows.AddresseePrefix, ct);
        var history = await RangeAsync<HistoryEntity>(table, id, LiaisonRows.HistoryPrefix, ct);
        var documents = await RangeAsync<DocumentEntity>(table, id, LiaisonRows.DocumentPrefix, ct);
        var replies = await RangeAsync<ReplyEntity>(table, id, LiaisonRows.ReplyPrefix, ct);
        return new LiaisonDetails(
            record.Value!.ToDomain([.. addressees.Select(a => a.ToDomain())]),
            [.. history.Select(h => h.ToDomain())],
            [.. documents.Select(d => d.ToDomain())],
            [.. replies.Select(r => r.ToDomain()).OrderBy(r => r.ReceivedOn).ThenBy(r => r.RecordedAt)]);
    }

    /// <summary>The rows of one partition whose row key starts with <paramref name="prefix"/>.</summary>
    static async Task<List<T>> RangeAsync<T>(TableClient table, string id, string prefix, CancellationToken ct) where T : class, ITableEntity, new()
    {
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {prefix} and RowKey lt {end}");
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<T>(filter, cancellationToken: ct)) rows.Add(row);
        return rows;
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

    public async Task<IReadOnlyList<Addressee>> GetAddresseesAsync(string id, CancellationToken ct = default) =>
        [.. (await RangeAsync<AddresseeEntity>(await Table(), id, LiaisonRows.AddresseePrefix, ct)).Select(a => a.ToDomain())];

    /// <summary>
    /// Moves the LS to a state and records why, in one transaction. Once the history line of
    /// <paramref name="entry"/> exists the change is done: a late duplicate of the step never rolls
    /// the state back.
    /// </summary>
    public async Task RecordStateAsync(string id, LiaisonState state, HistoryEntry entry, Action<LiaisonEntity>? change = null, CancellationToken ct = default)
    {
        var table = await Table();
        var done = await table.GetEntityIfExistsAsync<HistoryEntity>(id, LiaisonRows.History(entry), select: ["RowKey"], cancellationToken: ct);
        if (done.HasValue) return;
        var record = (await table.GetEntityAsync<LiaisonEntity>(id, LiaisonRows.Record, cancellationToken: ct)).Value;
        record.State = state.ToString();
        change?.Invoke(record);
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateMerge, record, record.ETag),
            new(TableTransactionActionType.UpsertReplace, HistoryEntity.From(id, entry)),
        ], ct);
    }

    /// <summary>Appends a history line; the entry's key makes a retry land on the same row.</summary>
    public async Task AppendHistoryAsync(string id, HistoryEntry entry, CancellationToken ct = default)
    {
        var table = await Table();
        await table.UpsertEntityAsync(HistoryEntity.From(id, entry), TableUpdateMode.Replace, ct);
    }

    public async Task SaveDocumentAsync(string id, LiaisonDocument document, HistoryEntry entry, CancellationToken ct = default)
    {
        var table = await Table();
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertReplace, DocumentEntity.From(id, document)),
            new(TableTransactionActionType.UpsertReplace, HistoryEntity.From(id, entry)),
        ], ct);
    }

    public async Task<LiaisonDocument?> GetDocumentAsync(string id, string fileName, CancellationToken ct = default)
    {
        var table = await Table();
        var row = await table.GetEntityIfExistsAsync<DocumentEntity>(id, LiaisonRows.Document(fileName), cancellationToken: ct);
        return row.HasValue ? row.Value!.ToDomain() : null;
    }

    /// <summary>
    /// Records a reply, and marks the addressee's reply received if it still owed one, in one
    /// transaction. False when this reply (same group and reference) is already recorded.
    /// </summary>
    public async Task<bool> RecordReplyAsync(string id, Reply reply, HistoryEntry entry, CancellationToken ct = default)
    {
        // The addressee row is guarded by its ETag; if a deadline change slipped in between, read again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRecordReplyAsync(id, reply, entry, ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < 5)
            {
            }
        }
    }

    async Task<bool> TryRecordReplyAsync(string id, Reply reply, HistoryEntry entry, CancellationToken ct)
    {
        var table = await Table();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ReplyEntity.From(id, reply)),
            new(TableTransactionActionType.UpsertReplace, HistoryEntity.From(id, entry)),
        };
        var addressee = await table.GetEntityIfExistsAsync<AddresseeEntity>(id, LiaisonRows.Addressee(reply.GroupId), cancellationToken: ct);
        if (addressee.HasValue && addressee.Value!.ReplyStatus != nameof(ReplyStatus.Received))
        {
            var row = addressee.Value;
            row.ReplyStatus = nameof(ReplyStatus.Received);
            row.ReplyReference = reply.Reference;
            row.RepliedOn = reply.ReceivedOn.ToString("yyyy-MM-dd");
            actions.Add(new(TableTransactionActionType.UpdateReplace, row, row.ETag));
        }
        try
        {
            await table.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    /// <summary>Gives one addressee a new deadline (as written) and records why.</summary>
    public async Task ChangeDeadlineAsync(string id, string groupId, Deadline deadline, HistoryEntry entry, CancellationToken ct = default)
    {
        var table = await Table();
        var row = (await table.GetEntityAsync<AddresseeEntity>(id, LiaisonRows.Addressee(groupId), cancellationToken: ct)).Value;
        row.DeadlineRaw = deadline.Raw;
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateReplace, row, row.ETag),
            new(TableTransactionActionType.UpsertReplace, HistoryEntity.From(id, entry)),
        ], ct);
    }

    /// <summary>Starts (a calendar time) or stops (null) chasing the groups that owe replies, and records it.</summary>
    public async Task SetChasingAsync(string id, DateTimeOffset? since, HistoryEntry entry, CancellationToken ct = default)
    {
        var table = await Table();
        var record = (await table.GetEntityAsync<LiaisonEntity>(id, LiaisonRows.Record, cancellationToken: ct)).Value;
        record.ChasingSince = since;
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateReplace, record, record.ETag),
            new(TableTransactionActionType.UpsertReplace, HistoryEntity.From(id, entry)),
        ], ct);
    }

    /// <summary>The keys of the reply-tracking steps already handled for an LS.</summary>
    public async Task<IReadOnlySet<string>> GetTrackedAsync(string id, CancellationToken ct = default) =>
        (await GetTrackRowsAsync(id, ct)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The reply-tracking steps handled for an LS, with their outcome and time.</summary>
    public async Task<IReadOnlyList<(string Key, string Outcome, DateTimeOffset At)>> GetTrackRowsAsync(string id, CancellationToken ct = default) =>
        [.. (await RangeAsync<TrackEntity>(await Table(), id, LiaisonRows.TrackPrefix, ct)).Select(r => (r.RowKey[LiaisonRows.TrackPrefix.Length..], r.Outcome, r.At))];

    /// <summary>Marks reply-tracking steps handled (with their history lines), in transactions of at most 100 rows.</summary>
    public async Task MarkTrackedAsync(string id, IEnumerable<(string Key, string Outcome)> steps, DateTimeOffset at, IEnumerable<HistoryEntry> entries, CancellationToken ct = default)
    {
        var table = await Table();
        var actions = steps
            .Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TrackEntity { PartitionKey = id, RowKey = LiaisonRows.Track(s.Key), Outcome = s.Outcome, At = at }))
            .Concat(entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, HistoryEntity.From(id, e))))
            .ToList();
        foreach (var chunk in actions.Chunk(100)) await table.SubmitTransactionAsync(chunk, ct);
    }

    public static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;
}
