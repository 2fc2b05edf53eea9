using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// A dashboard question, as far as the index can narrow it: the day the replies were owed on, today
/// (questions as of today read the open replies), and one group or a deadline, if asked.
/// </summary>
public sealed record OutstandingQuery(DateOnly AsOf, DateOnly Today, string? GroupId = null, DateOnly? DueBefore = null);

/// <summary>
/// The Outstanding table: the replies owed, or once owed, laid out so that each dashboard question
/// reads about the rows it returns, not the history. A reply is owed from the day the LS was sent until
/// the day it ended (replied, or the LS closed or noted by hand); until it ends it is "open".
/// <list type="bullet">
/// <item>Open replies, three times: under their group (<c>open|itu-t-sg17</c>, by deadline), under
/// <c>open-due</c> (by deadline) and under <c>open-sent</c> (by the day sent).</item>
/// <item>Ended replies, twice, under the month they ended: <c>ended|2026-03</c> by the day sent and
/// <c>ended-on|2026-03</c> by the day ended; <c>ended-months</c> lists the months that have any.</item>
/// </list>
/// What is owed as of a day D is then the open replies sent by D (a row-key range) and the ended ones
/// sent by D that ended after D: in D's month those ending after D (a range), in each later month those
/// sent by D (a range). Today's questions about one group or a deadline read the group's open partition
/// or the open deadline range. A reply that was never owed (no day sent, or ended the day it was sent)
/// has no rows.
/// <para>
/// It is derived: <see cref="SyncAsync"/> recomputes an LS's rows from its stored record, writes those
/// that changed (the <c>keys</c> row lists every row written for the LS with its fingerprint) and deletes
/// the ones it no longer has, so calling it after every change — or twice, or after a crash — leaves the
/// index right. A row is listed in the keys row before it is first written, so no crash leaves a row that
/// the next sync does not know to delete. A keys row without <see cref="Layout"/> was written by the older layout (partitions
/// <c>group|…</c> and <c>due|…</c>): the LS reads as not indexed, so its next sync, or the consistency
/// check's repair, rewrites it in this layout and deletes the old rows.
/// <see cref="LiaisonIndexes"/> calls it.
/// </para>
/// </summary>
public sealed class OutstandingIndex(StorageClients clients, StorageNames names)
{
    const string OpenGroupPrefix = "open|";
    const string OpenByDeadline = "open-due";
    const string OpenBySent = "open-sent";
    const string EndedBySentPrefix = "ended|";
    const string EndedOnPrefix = "ended-on|";
    const string EndedMonths = "ended-months";
    const string KeysPartition = "keys";

    /// <summary>The layout this code writes; a keys row of another (or none) is rewritten.</summary>
    public const int Layout = 2;

    /// <summary>States in which a reply is owed, or was: an outgoing LS once sent, an incoming one once received.</summary>
    static readonly LiaisonState[] Sent = [LiaisonState.Dispatched, LiaisonState.AwaitingReplies, LiaisonState.Closed,
        LiaisonState.Received, LiaisonState.Answered, LiaisonState.Noted];

    Task<TableClient> Table() => clients.TableAsync(names.Outstanding);

    readonly IndexMarkers markers = new(KeysPartition, Version);

    /// <summary>
    /// The LS version the index reflects (-1 when it has no rows yet, or was written by an older layout); at
    /// least <paramref name="enough"/> is answered from this process's last sync without a read.
    /// </summary>
    public async Task<int> VersionAsync(string liaisonId, int enough, CancellationToken ct = default) =>
        await markers.VersionAsync(await Table(), liaisonId, enough, ct);

    static int Version(TableEntity keysRow) => keysRow.GetInt32(nameof(Layout)) == Layout ? keysRow.GetInt32("Version") ?? -1 : -1;

    /// <summary>
    /// Writes an LS's rows that are new or changed since the last sync, and deletes the ones it no longer
    /// has. False when another sync wrote the keys row first: read the LS again and retry with the same
    /// <paramref name="touched"/>.
    /// </summary>
    /// <param name="force">Rewrite every row, whatever the keys row says was written (the consistency repair).</param>
    /// <param name="touched">
    /// The rows this sync's earlier attempts wrote or deleted, added to here. A refused attempt's writes may have landed
    /// after the sync that refused it, where no keys row lists them: the next attempt writes those again that the LS
    /// has, and deletes the others, even when the keys row already reflects the LS.
    /// </param>
    public async Task<bool> SyncAsync(LiaisonSnapshot snapshot, CancellationToken ct = default, bool force = false, ISet<(string PartitionKey, string RowKey)>? touched = null)
    {
        var table = await Table();
        var liaisonId = snapshot.Id;
        // The keys row as this process last wrote it, if it did: a guess its guarded write below checks.
        var keysRow = await markers.CurrentAsync(table, liaisonId, read: force, ct);
        var current = keysRow is not null && keysRow.GetInt32(nameof(Layout)) == Layout;
        var retouch = touched ?? new HashSet<(string, string)>();
        if (!force && retouch.Count == 0 && current && Version(keysRow!) >= snapshot.Version) return true;

        var desired = Rows(snapshot.Details, snapshot.Tracked).Select(r => new StoredRow(r.PartitionKey, r.RowKey, Fingerprint(r), r)).ToList();
        var stored = keysRow is not null ? StoredRows(keysRow) : [];
        var written = force || !current ? [] : stored.Select(k => (k.PartitionKey, k.RowKey, k.Fingerprint)).ToHashSet();
        var changed = desired.Where(d => !written.Contains((d.PartitionKey, d.RowKey, d.Fingerprint)) || retouch.Contains((d.PartitionKey, d.RowKey))).ToList();
        var wanted = desired.Select(d => (d.PartitionKey, d.RowKey)).ToHashSet();
        var listed = stored.Select(k => (k.PartitionKey, k.RowKey)).ToHashSet();
        var stale = listed.Concat(retouch).Distinct().Where(k => !wanted.Contains(k)).ToList();

        // Rows not listed yet are listed first (the LS's version unchanged, so the index still reads as behind):
        // a crash between their write — or the deletion of an earlier attempt's — and the keys row below leaves
        // rows the next sync knows, and deletes if the LS no longer has them. Guarded like the keys row: a sync
        // refused here has written nothing.
        var adding = changed.Select(c => (c.PartitionKey, c.RowKey)).Concat(retouch).Distinct().Where(k => !listed.Contains(k)).ToList();
        if (adding.Count > 0)
        {
            var ahead = new TableEntity(KeysPartition, liaisonId)
            {
                ["Rows"] = Pack(stored.Concat(adding.Select(k => new StoredRow(k.Item1, k.Item2, "")))),
                ["Version"] = current ? Version(keysRow!) : -1,
                [nameof(Layout)] = Layout,
            };
            if (!await markers.WriteAsync(table, ahead, keysRow, ct)) return false;
            keysRow = ahead;
        }
        touched?.UnionWith(changed.Select(c => (c.PartitionKey, c.RowKey)).Concat(stale));

        // The months first: a reader finds ended rows through them, so a month must be listed before its rows exist.
        await WriteAsync(table, [.. MonthRows(changed.Select(c => c.Row!)).Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, m))], ct);
        var actions = changed.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, d.Row!))
            .Concat(stale.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Item1, k.Item2), ETag.All)));
        await Task.WhenAll(actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal).Select(p => WriteAsync(table, [.. p], ct)));

        var keys = new TableEntity(KeysPartition, liaisonId)
        {
            ["Rows"] = Pack(desired),
            ["Version"] = snapshot.Version,
            [nameof(Layout)] = Layout,
        };
        // Guarded: of two syncs of one LS, the later to finish must have written from the newer read.
        return await markers.WriteAsync(table, keys, keysRow, ct);
    }

    /// <summary>
    /// Writes one partition's changes: one request for one row, else transactions of up to 100. A delete
    /// of a row already gone fails its transaction, so then each change goes on its own (a 404 is done).
    /// </summary>
    static async Task WriteAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        if (actions.Count > 1)
        {
            try
            {
                foreach (var chunk in actions.Chunk(100)) await table.SubmitTransactionAsync(chunk, ct);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
            }
        }
        foreach (var action in actions)
        {
            if (action.ActionType != TableTransactionActionType.Delete) { await table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, ct); continue; }
            try { await table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, ct); }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
    }

    /// <summary>How the stored rows of an LS differ from what its record implies (empty: in step).</summary>
    public async Task<IReadOnlyList<string>> DriftAsync(LiaisonSnapshot snapshot, CancellationToken ct = default)
    {
        var table = await Table();
        var desiredRows = Rows(snapshot.Details, snapshot.Tracked).ToList();
        var desired = desiredRows.ToDictionary(r => $"{r.PartitionKey}/{r.RowKey}", IndexRows.Fingerprint);
        var keysRow = await table.GetEntityIfExistsAsync<TableEntity>(KeysPartition, snapshot.Id, cancellationToken: ct);
        var drift = new List<string>();
        if (keysRow.HasValue && keysRow.Value!.GetInt32(nameof(Layout)) != Layout) drift.Add($"outstanding rows written by an older layout of the index");
        var listed = keysRow.HasValue ? StoredRows(keysRow.Value!) : [];
        foreach (var key in listed.Select(k => $"{k.PartitionKey}/{k.RowKey}").Union(desired.Keys))
        {
            var parts = key.Split('/', 2);
            var row = await table.GetEntityIfExistsAsync<OutstandingEntity>(parts[0], parts[1], cancellationToken: ct);
            if (!desired.TryGetValue(key, out var want)) { if (row.HasValue) drift.Add($"outstanding row {key} should not exist"); continue; }
            if (!row.HasValue) drift.Add($"outstanding row {key} is missing");
            else if (IndexRows.Fingerprint(row.Value!) != want) drift.Add($"outstanding row {key} differs from the LS");
        }
        foreach (var month in MonthRows(desiredRows))
            if (!(await table.GetEntityIfExistsAsync<TableEntity>(EndedMonths, month.RowKey, cancellationToken: ct)).HasValue)
                drift.Add($"outstanding month {month.RowKey} is not listed in {EndedMonths}");
        return drift;
    }

    /// <summary>A row the keys row lists: its keys and the fingerprint it was written with (empty for the older layout's).</summary>
    sealed record StoredRow(string PartitionKey, string RowKey, string Fingerprint, OutstandingEntity? Row = null);

    /// <summary>The rows listed, as [partition, row, fingerprint] in gzipped JSON (about 180 rows for 60 addressees), or the older layout's "Keys".</summary>
    static List<StoredRow> StoredRows(TableEntity keysRow)
    {
        if (keysRow.GetInt32(nameof(Layout)) == Layout && keysRow.GetBinary("Rows") is { } packed)
        {
            using var unzip = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
            return [.. JsonSerializer.Deserialize<string[][]>(unzip)!.Select(k => new StoredRow(k[0], k[1], k[2]))];
        }
        return keysRow.GetString("Keys") is { } keys ? [.. JsonSerializer.Deserialize<string[][]>(keys)!.Select(k => new StoredRow(k[0], k[1], ""))] : [];
    }

    static byte[] Pack(IEnumerable<StoredRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest))
            JsonSerializer.Serialize(zip, rows.Select(r => new[] { r.PartitionKey, r.RowKey, r.Fingerprint }));
        return buffer.ToArray();
    }

    static string Fingerprint(OutstandingEntity row) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(IndexRows.Fingerprint(row))), 0, 12);

    /// <summary>
    /// The rows of <c>ended-months</c> that list the months of these ended rows: shared by every LS that has
    /// one, so written with the rows and never deleted (the benchmark bulk-loads them too).
    /// </summary>
    public static IEnumerable<TableEntity> MonthRows(IEnumerable<OutstandingEntity> rows) =>
        rows.Where(r => r.PartitionKey.StartsWith(EndedBySentPrefix, StringComparison.Ordinal))
            .Select(r => r.PartitionKey[EndedBySentPrefix.Length..]).Distinct(StringComparer.Ordinal)
            .Select(m => new TableEntity(EndedMonths, m));

    /// <summary>The index rows an LS should have (also used by the benchmark to bulk-load).</summary>
    public static IEnumerable<OutstandingEntity> Rows(LiaisonDetails? details, IReadOnlyList<TrackedStep> tracked)
    {
        if (details is null) yield break;
        var ls = details.Liaison;
        if (!Sent.Contains(ls.State)) yield break;
        var incoming = ls.Direction == Direction.Incoming;
        // An incoming LS is owed from the day it was registered; noted or closed, nothing is owed after that day.
        var sentOn = incoming ? ls.ReceivedOn : ls.DispatchedOn ?? ls.EndorsedOn;
        var endedOn = ls.State is LiaisonState.Closed or LiaisonState.Noted
            ? details.History.Where(h => h.State == ls.State).Select(h => (DateTimeOffset?)h.At).Max()
            : null;
        foreach (var a in ls.Addressees.Where(a => a.Purpose.ExpectsReply()))
        {
            var lastChaser = tracked.Where(t => t.Outcome == TrackOutcome.Sent && t.Key.StartsWith($"chaser|{a.GroupId}|", StringComparison.Ordinal))
                .Select(t => (DateTimeOffset?)t.At).Max();
            var date = a.Deadline.Date?.ToString("yyyyMMdd") ?? "99991231";
            OutstandingEntity Row(string pk, string rk) => new()
            {
                PartitionKey = pk,
                RowKey = rk,
                LiaisonId = ls.Id,
                MeetingId = ls.MeetingId,
                Number = ls.Number?.ToString(),
                Title = ls.Title,
                LiaisonState = ls.State.ToString(),
                GroupId = a.GroupId,
                Purpose = a.Purpose.ToString(),
                DeadlineRaw = a.Deadline.Raw,
                DeadlineDate = a.Deadline.Date?.ToString("yyyy-MM-dd"),
                SentOn = sentOn?.ToString("yyyy-MM-dd"),
                RepliedOn = a.ReplyStatus == ReplyStatus.Received ? (a.RepliedOn ?? sentOn)?.ToString("yyyy-MM-dd") : null,
                ReplyReference = a.ReplyReference,
                EndedOn = endedOn is { } e ? DateOnly.FromDateTime(e.UtcDateTime).ToString("yyyy-MM-dd") : null,
                LastChaserAt = lastChaser,
                Direction = incoming ? nameof(Direction.Incoming) : null,
            };
            var row = Row("", "");
            // Owed from the day sent until the day the reply came or the LS ended; never owed, no rows.
            if (Day(row.SentOn) is not { } sent) continue;
            var ended = new[] { Day(row.RepliedOn), Day(row.EndedOn) }.Where(d => d is not null).Min();
            if (ended is { } end && end <= sent) continue;
            var owed = $"{ls.Id}|{a.GroupId}";
            if (ended is { } endDay)
            {
                yield return Row($"{EndedBySentPrefix}{endDay:yyyy-MM}", $"{sent:yyyyMMdd}|{owed}");
                yield return Row($"{EndedOnPrefix}{endDay:yyyy-MM}", $"{endDay:yyyyMMdd}|{owed}");
                continue;
            }
            yield return Row(OpenGroupPrefix + a.GroupId, $"{date}|{ls.Id}");
            if (a.Deadline.Date is { } d) yield return Row(OpenByDeadline, $"{d:yyyyMMdd}|{owed}");
            yield return Row(OpenBySent, $"{sent:yyyyMMdd}|{owed}");
        }
    }

    static DateOnly? Day(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The index rows a question needs — all the replies owed on its day that match it, and few others:
    /// as of today, one group's open partition or the open deadline range; else the open replies sent by
    /// then. And, in both cases, the replies that ended after the day (none yet for today).
    /// </summary>
    public async Task<IReadOnlyList<OutstandingEntity>> QueryAsync(OutstandingQuery query, CancellationToken ct = default)
    {
        var table = await Table();
        var asOf = query.AsOf;
        // Row keys start with a yyyyMMdd day then '|': "day}" sorts after every key of that day.
        string Through(DateOnly day) => $"{day:yyyyMMdd}}}";
        string open;
        if (query.AsOf >= query.Today && query.GroupId is not null)
            open = TableClient.CreateQueryFilter($"PartitionKey eq {OpenGroupPrefix + query.GroupId}");
        else if (query.AsOf >= query.Today && query.DueBefore is { } due)
            open = TableClient.CreateQueryFilter($"PartitionKey eq {OpenByDeadline} and RowKey lt {Through(due)}");
        else
            open = TableClient.CreateQueryFilter($"PartitionKey eq {OpenBySent} and RowKey lt {Through(asOf)}");

        var months = new List<string>();
        await foreach (var m in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {EndedMonths} and RowKey ge {asOf.ToString("yyyy-MM", CultureInfo.InvariantCulture)}"), select: ["RowKey"], cancellationToken: ct))
            months.Add(m.RowKey);
        var asOfMonth = asOf.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var filters = months.Select(m => m == asOfMonth
                // Ended in the day's own month: those ending after the day (sent by then, or owed never, which the report drops).
                ? TableClient.CreateQueryFilter($"PartitionKey eq {EndedOnPrefix + m} and RowKey gt {Through(asOf)}")
                // Ended in a later month: those sent by the day.
                : TableClient.CreateQueryFilter($"PartitionKey eq {EndedBySentPrefix + m} and RowKey lt {Through(asOf)}"))
            .Prepend(open);
        var parts = await Task.WhenAll(filters.Select(async filter =>
        {
            var rows = new List<OutstandingEntity>();
            await foreach (var row in table.QueryAsync<OutstandingEntity>(filter, cancellationToken: ct)) rows.Add(row);
            return rows;
        }));
        return [.. parts.SelectMany(p => p)];
    }
}
