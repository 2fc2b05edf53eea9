using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;
using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Storage;

/// <summary>How a change to an LS came out.</summary>
public enum ChangeOutcome
{
    Applied,
    /// <summary>The change was done before (same key): nothing written, the answer is the same.</summary>
    AlreadyApplied,
    /// <summary>The stored LS does not allow it (its state, or a field); nothing written.</summary>
    Refused,
    NotFound,
}

/// <summary>The result of a change, with the LS as stored after it (or as found, when nothing was written).</summary>
public sealed record ChangeResult(ChangeOutcome Outcome, LiaisonSnapshot? Current, string? Message = null, string? Field = null)
{
    public bool Succeeded => Outcome is ChangeOutcome.Applied or ChangeOutcome.AlreadyApplied;
}

/// <summary>What a mail update did: whether it was written (false: another worker changed a row first), and the LS after it when known.</summary>
public sealed record MailUpdate(bool Written, LiaisonSnapshot? After);

/// <summary>A decision taken on the stored LS: apply the change being built, say it was done already, or refuse it.</summary>
public sealed record Verdict(ChangeOutcome Outcome, string? Message = null, string? Field = null)
{
    public static readonly Verdict Apply = new(ChangeOutcome.Applied);
    public static readonly Verdict AlreadyApplied = new(ChangeOutcome.AlreadyApplied);
    public static Verdict Refuse(string message, string? field = null) => new(ChangeOutcome.Refused, message, field);
}

/// <summary>The rows a change writes besides the LS's record; built by a decision, committed with the record in one transaction.</summary>
public sealed class LiaisonChange
{
    internal readonly List<TableTransactionAction> Rows = [];

    internal LiaisonChange(LiaisonSnapshot current)
    {
        Current = current;
        Record = current.Record.Copy();
    }

    public LiaisonSnapshot Current { get; }

    /// <summary>The LS's record row as read, a copy to change (the snapshot read stays as it was, if the change is refused or loses).</summary>
    public LiaisonEntity Record { get; }

    string Id => Current.Id;

    /// <summary>The workflow must act on this change (a command, a reply…): marks the LS pending until it has.</summary>
    public bool ForWorkflow { get; set; }

    public LiaisonChange Set(LiaisonStatement ls)
    {
        Record.Set(ls);
        return this;
    }

    /// <summary>
    /// Adds a history line, never dated before the lines already there: a decision taken on a newer read
    /// (after a concurrent change won) or a clock behind another host's still reads in the order it happened.
    /// </summary>
    public LiaisonChange History(HistoryEntry entry)
    {
        latest ??= Current.Details.History.Count == 0 ? DateTimeOffset.MinValue : Current.Details.History.Max(h => h.At);
        if (entry.At <= latest) entry = entry with { At = latest.Value.AddTicks(1) };
        latest = entry.At;
        return Upsert(HistoryEntity.From(Id, entry));
    }

    DateTimeOffset? latest;

    /// <summary>Removes a row of the LS as read (an addressee a draft edit dropped); the record's ETag guards that it is still there.</summary>
    public LiaisonChange Delete(ITableEntity row)
    {
        if (row.PartitionKey != Id) throw new InvalidOperationException($"A change to {Id} cannot delete from partition {row.PartitionKey}.");
        Rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        return this;
    }

    /// <summary>Rows written so far besides the record: a decision that could exceed <see cref="LiaisonLedger.MaxRowsPerChange"/> checks it.</summary>
    public int RowCount => Rows.Count;

    public LiaisonChange Upsert(ITableEntity row)
    {
        if (row.PartitionKey != Id) throw new InvalidOperationException($"A change to {Id} cannot write into partition {row.PartitionKey}.");
        Rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
        return this;
    }
}

/// <summary>
/// The one write path of an LS. Every change reads the stored LS, decides on it (the state it expects,
/// whether it was done already, what it writes), and commits the record and its rows in one table
/// transaction guarded by the record's ETag; a concurrent change makes it read and decide again. After
/// a commit it brings the derived indexes (Outstanding, Feed) in step. Nothing else writes an LS's
/// partition.
/// </summary>
public sealed class LiaisonLedger(LiaisonStore store, LiaisonIndexes indexes, TimeProvider clock, ILogger<LiaisonLedger> logger)
{
    /// <summary>One table transaction holds at most 100 operations; the record is one of them.</summary>
    public const int MaxRowsPerChange = 99;

    const int MaxAttempts = 25;

    /// <summary>Writes a new LS (record, addressees, first history line) in one transaction; the existing LS if its id is taken.</summary>
    public async Task<ChangeResult> CreateAsync(LiaisonStatement ls, HistoryEntry created, CancellationToken ct = default)
    {
        var table = await store.Table();
        var record = LiaisonEntity.From(ls);
        record.Version = 1;
        record.PendingSince = clock.GetUtcNow();
        var history = HistoryEntity.From(ls.Id, created);
        var addressees = ls.Addressees.Select(a => AddresseeEntity.From(ls.Id, a)).OrderBy(a => a.RowKey, StringComparer.Ordinal).ToList();
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, record),
            new(TableTransactionActionType.UpsertReplace, history),
        };
        batch.AddRange(addressees.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, a)));
        if (batch.Count > MaxRowsPerChange + 1) throw new InvalidOperationException($"LS {ls.Id} has {ls.Addressees.Count} addressees; validation must cap them.");
        Response<IReadOnlyList<Response>> answers;
        try
        {
            answers = await table.SubmitTransactionAsync(batch, ct);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            return new ChangeResult(ChangeOutcome.AlreadyApplied, await store.ReadAsync(ls.Id, ct));
        }
        return new ChangeResult(ChangeOutcome.Applied, await SyncedAsync(ls.Id, LiaisonSnapshot.Written(batch, answers.Value), ct));
    }

    /// <summary>
    /// Applies one change: <paramref name="decide"/> sees the stored LS and builds the change; it may be
    /// called more than once (after a concurrent change), so it must only read what it is given.
    /// </summary>
    public Task<ChangeResult> ChangeAsync(string id, Func<LiaisonSnapshot, LiaisonChange, Verdict> decide, CancellationToken ct = default) =>
        ChangeAsync(id, null, decide, ct);

    /// <summary>
    /// As <see cref="ChangeAsync(string, Func{LiaisonSnapshot, LiaisonChange, Verdict}, CancellationToken)"/>, deciding first on
    /// <paramref name="read"/>, the LS as the caller just read it: one read fewer. If it is no longer current, the
    /// record's ETag refuses the commit and the change reads the LS and decides again, as after any concurrent change.
    /// </summary>
    public Task<ChangeResult> ChangeAsync(LiaisonSnapshot read, Func<LiaisonSnapshot, LiaisonChange, Verdict> decide, CancellationToken ct = default) =>
        ChangeAsync(read.Id, read, decide, ct);

    async Task<ChangeResult> ChangeAsync(string id, LiaisonSnapshot? read, Func<LiaisonSnapshot, LiaisonChange, Verdict> decide, CancellationToken ct)
    {
        var table = await store.Table();
        // A change decided on the snapshot this process kept, before any read: its commit is guarded by the
        // record's ETag, so an LS changed since refuses it and the change goes on as below, from a read. Only a
        // change goes this way: a refusal or "already done" is decided again on a checked read, so no answer
        // rests on an old picture of the LS.
        var keptRefused = false;
        if (read is null && store.Kept(id) is { } kept)
        {
            var change = new LiaisonChange(kept);
            if (decide(kept, change).Outcome == ChangeOutcome.Applied)
            {
                if (await CommitAsync(table, kept, change, ct) is { } applied) return applied;
                keptRefused = true;
            }
        }
        for (var attempt = 1; ; attempt++)
        {
            // After a refused commit the LS surely changed: the partition is read without asking the cache first.
            var current = attempt == 1 && !keptRefused ? read ?? await store.ReadAsync(id, ct) : await store.ReadPartitionAsync(id, ct);
            if (current is null) return new ChangeResult(ChangeOutcome.NotFound, null, $"No LS \"{id}\".");
            var change = new LiaisonChange(current);
            var verdict = decide(current, change);
            if (verdict.Outcome != ChangeOutcome.Applied) return new ChangeResult(verdict.Outcome, current, verdict.Message, verdict.Field);
            if (await CommitAsync(table, current, change, ct, lastAttempt: attempt == MaxAttempts) is { } applied) return applied;
            // Another change to this LS committed first (or the caller's read was old): read it again and decide again.
            if (attempt > 1 || read is null) await Task.Delay(Random.Shared.Next(5, 20 * Math.Min(attempt, 10)), ct);
        }
    }

    /// <summary>
    /// Commits a decided change under the record's ETag; null when another change committed first (the ETag refused
    /// it), except on the <paramref name="lastAttempt"/>, where the refusal is thrown.
    /// </summary>
    async Task<ChangeResult?> CommitAsync(TableClient table, LiaisonSnapshot current, LiaisonChange change, CancellationToken ct, bool lastAttempt = false)
    {
        var record = change.Record;
        record.Version++;
        if (change.ForWorkflow) record.PendingSince ??= clock.GetUtcNow();
        if (change.Rows.Count > MaxRowsPerChange)
            throw new InvalidOperationException($"A change to {current.Id} writes {change.Rows.Count} rows; one transaction holds {MaxRowsPerChange} besides the record.");
        List<TableTransactionAction> committed = [new(TableTransactionActionType.UpdateReplace, record, record.ETag), .. change.Rows];
        Response<IReadOnlyList<Response>> answers;
        try
        {
            answers = await table.SubmitTransactionAsync(committed, ct);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && !lastAttempt)
        {
            // 404: the LS is gone since it was read (only a kept snapshot can be that old); the read says so.
            return null;
        }
        return new ChangeResult(ChangeOutcome.Applied, await SyncedAsync(current.Id, current.After(committed, answers.Value), ct));
    }

    /// <summary>Clears the pending mark the workflow has acted on, unless a newer change came meanwhile (it keeps its own mark).</summary>
    public async Task MarkHandledAsync(LiaisonSnapshot seen, CancellationToken ct = default)
    {
        if (seen.Record.PendingSince is null) return;
        var table = await store.Table();
        var record = seen.Record.Copy();
        record.PendingSince = null;
        try
        {
            var answer = await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, ct);
            if (seen.After([new TableTransactionAction(TableTransactionActionType.UpdateReplace, record, record.ETag)], [answer]) is { } after) store.Remember(after);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
        }
    }

    /// <summary>
    /// Writes mail rows whose guard is their own ETag (claiming a copy, recording what the provider
    /// said), with history lines about them, in one transaction. Not written when another worker changed
    /// one of them first.
    /// </summary>
    /// <remarks>
    /// The transaction also writes the LS's record, so that its ETag tells every reader the partition changed
    /// (see <see cref="LiaisonSnapshotCache"/>). It rewrites the record as <paramref name="basis"/> read it,
    /// under that read's ETag, and then knows the LS as stored after; when a change came in since (or there is
    /// no basis), it touches the record whatever its ETag: the mail rows keep their own guard, and the change
    /// the record carries is not the mail's to decide on.
    /// </remarks>
    public async Task<MailUpdate> UpdateMailAsync(string id, LiaisonSnapshot? basis, IReadOnlyList<MailEntity> rows, IEnumerable<HistoryEntry> history, CancellationToken ct = default)
    {
        var table = await store.Table();
        var lines = history.Select(h => new TableTransactionAction(TableTransactionActionType.UpsertReplace, HistoryEntity.From(id, h))).ToList();
        if (rows.Count == 0 && lines.Count == 0) return new MailUpdate(true, basis);
        List<TableTransactionAction> Actions(TableTransactionAction record) =>
            [record, .. rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateReplace, r, r.ETag)), .. lines];

        var guarded = basis is not null && basis.Id == id;
        var actions = guarded
            ? Actions(new TableTransactionAction(TableTransactionActionType.UpdateReplace, basis!.Record.Copy(), basis.Record.ETag))
            : Actions(Touch(id));
        Response<IReadOnlyList<Response>> response;
        try
        {
            try
            {
                response = await table.SubmitTransactionAsync(actions, ct);
            }
            catch (TableTransactionFailedException e) when (guarded && e.Status == 412 && e.FailedTransactionActionIndex == 0)
            {
                // The record changed since the basis was read (a command came in): the mail goes on regardless.
                (guarded, actions) = (false, Actions(Touch(id)));
                response = await table.SubmitTransactionAsync(actions, ct);
            }
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return new MailUpdate(false, null);
        }
        for (var i = 0; i < rows.Count; i++)
            if (response.Value[i + 1].Headers.ETag is { } etag) rows[i].ETag = etag;
        var after = guarded ? basis!.After(actions, response.Value) : null;
        if (after is not null) store.Remember(after);
        if (lines.Count > 0) after = await SyncedAsync(id, after, ct); // history lines the feed may carry
        return new MailUpdate(true, after);
    }

    /// <summary>A merge of no property into the record: a new ETag, nothing else.</summary>
    static TableTransactionAction Touch(string id) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(id, LiaisonRows.Record), ETag.All);

    /// <summary>The indexes brought in step with the LS after a commit: from the snapshot the commit gave, or read when there is none.</summary>
    async Task<LiaisonSnapshot?> SyncedAsync(string id, LiaisonSnapshot? written, CancellationToken ct)
    {
        if (written is not null) store.Remember(written);
        var after = written ?? await store.ReadPartitionAsync(id, ct);
        if (after is not null) await SyncAsync(after, ct);
        return after;
    }

    async Task SyncAsync(LiaisonSnapshot after, CancellationToken ct)
    {
        try
        {
            await indexes.SyncAsync(after, ct);
        }
        catch (Exception e) when (e is RequestFailedException or TableTransactionFailedException or IndexSyncContendedException)
        {
            // The change is stored; the workflow's next step (or the consistency check) brings the indexes in step.
            logger.LogWarning(e, "LS {LiaisonId}: indexes not brought in step after version {Version}.", after.Id, after.Version);
        }
    }
}
