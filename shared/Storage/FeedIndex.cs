using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// The Feed table: the LS events the Atom feed shows, one partition per month ("2018-02") with the
/// newest event first, so the latest events are the first rows of the latest months. It is derived:
/// <see cref="SyncAsync"/> writes an LS's rows from its stored history, so calling it after every
/// change, twice, or after a crash leaves the feed right. History is append-only, so rows are only
/// added or rewritten (when the LS's number or title changed), never deleted.
/// </summary>
public sealed class FeedIndex(StorageClients clients, StorageNames names)
{
    /// <summary>One row per month that has events (row key "2018-02"), so a read knows which partitions exist.</summary>
    const string MonthsPartition = "months";
    /// <summary>
    /// One row per LS with the fingerprints of the feed rows last written for it, so unchanged rows are
    /// not rewritten (17 characters a row: one string property holds those of about 1,900 events).
    /// </summary>
    const string WrittenPartition = "written";

    /// <summary>
    /// Whether the feed shows a history line: dispatch, a reply, an overdue note, an escalation, the LS
    /// closing — or its import in a state it was already sent in (the TSAG 2017 LSs were dispatched
    /// before LiaisonFlow existed; without this their feed would start empty).
    /// </summary>
    public static bool Carries(HistoryEntry h) => h.Event switch
    {
        LiaisonEvent.Dispatched or LiaisonEvent.ReplyReceived or LiaisonEvent.Overdue or LiaisonEvent.Escalated or LiaisonEvent.MailRefused
            or LiaisonEvent.Received or LiaisonEvent.Answered => true,
        LiaisonEvent.StateChanged => h.State == LiaisonState.Closed,
        LiaisonEvent.Imported => h.State is { } state && LiaisonRules.IsSent(state),
        LiaisonEvent.Created or LiaisonEvent.Numbered or LiaisonEvent.ChairReminded or LiaisonEvent.DocumentUploaded or LiaisonEvent.DeadlineChanged
            or LiaisonEvent.ChasingStarted or LiaisonEvent.ChasingStopped or LiaisonEvent.ChasersSent or LiaisonEvent.MailResent or LiaisonEvent.DraftEdited or LiaisonEvent.Other => false,
        _ => throw new ArgumentOutOfRangeException(nameof(h), h.Event, "An event the feed does not know."),
    };

    Task<TableClient> Table() => clients.TableAsync(names.Feed);

    readonly IndexMarkers markers = new(WrittenPartition, Version);

    /// <summary>
    /// The LS version the feed reflects (-1 when nothing, or a marker of an older LiaisonFlow, was written for
    /// it); at least <paramref name="enough"/> is answered from this process's last sync without a read.
    /// </summary>
    public async Task<int> VersionAsync(string liaisonId, int enough, CancellationToken ct = default) =>
        await markers.VersionAsync(await Table(), liaisonId, enough, ct);

    static int Version(TableEntity marker) => marker.GetInt32("Version") ?? -1;

    /// <summary>
    /// Writes the feed rows an LS should have that are not already written as they should be. False when
    /// another sync of the same LS finished first (read the LS again and retry with the same <paramref name="touched"/>).
    /// </summary>
    /// <param name="touched">
    /// The rows this sync's earlier attempts wrote, added to here: a refused attempt's rows, from an older read, may
    /// have landed after the sync that refused it, so the next attempt writes them again even when the marker
    /// already reflects the LS.
    /// </param>
    public async Task<bool> SyncAsync(LiaisonSnapshot snapshot, CancellationToken ct = default, bool force = false, ISet<(string PartitionKey, string RowKey)>? touched = null)
    {
        var table = await Table();
        var liaisonId = snapshot.Id;
        // The marker as this process last wrote it, if it did: a guess its guarded write below checks.
        var written = await markers.CurrentAsync(table, liaisonId, read: force, ct);
        var retouch = touched ?? new HashSet<(string, string)>();
        if (!force && retouch.Count == 0 && written is not null && Version(written) >= snapshot.Version) return true;
        var desired = Rows(snapshot.Details).Select(r => (Row: r, Fingerprint: Fingerprint(r))).ToList();
        // Fingerprints live in a binary property (64 KiB: about 5,000 events), 12 bytes each.
        var done = !force && written is not null && written.TryGetValue("Fingerprints", out var stored) && stored is byte[] bytes
            ? bytes.Chunk(FingerprintBytes).Select(Convert.ToBase64String).ToHashSet(StringComparer.Ordinal)
            : [];
        var changed = desired.Where(d => !done.Contains(d.Fingerprint) || retouch.Contains((d.Row.PartitionKey, d.Row.RowKey))).Select(d => d.Row).ToList();
        touched?.UnionWith(changed.Select(r => (r.PartitionKey, r.RowKey)));

        // A month that already holds one of this LS's rows is listed already; new months first, then the rows,
        // each partition in transactions of at most 100 (a retry writes the same keys again).
        var listed = desired.Where(d => done.Contains(d.Fingerprint)).Select(d => d.Row.PartitionKey).ToHashSet(StringComparer.Ordinal);
        var months = changed.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal).Where(m => !listed.Contains(m)).Select(m => new TableEntity(MonthsPartition, m));
        foreach (var batch in months.Chunk(100))
            await table.SubmitTransactionAsync(batch.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, m)), ct);
        foreach (var batch in changed.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(100)))
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
        // Last: until this is written, a retry writes the rows again. Guarded, so the newer read wins.
        var marker = new TableEntity(WrittenPartition, liaisonId)
        {
            ["Fingerprints"] = desired.SelectMany(d => Convert.FromBase64String(d.Fingerprint)).TakeLast(MaxFingerprintBytes).ToArray(),
            ["Version"] = snapshot.Version,
        };
        return await markers.WriteAsync(table, marker, written, ct);
    }

    const int FingerprintBytes = 12;
    // A binary property holds 64 KiB; beyond that the oldest events' fingerprints drop out and those rows are rewritten (same keys) once.
    const int MaxFingerprintBytes = 64 * 1024 / FingerprintBytes * FingerprintBytes;

    /// <summary>Feed rows an LS should have that are missing or differ (history is append-only, so there are none to remove).</summary>
    public async Task<IReadOnlyList<string>> DriftAsync(LiaisonSnapshot snapshot, CancellationToken ct = default)
    {
        var table = await Table();
        var drift = new List<string>();
        foreach (var want in Rows(snapshot.Details))
        {
            var row = await table.GetEntityIfExistsAsync<FeedEntity>(want.PartitionKey, want.RowKey, cancellationToken: ct);
            if (!row.HasValue) drift.Add($"feed row {want.PartitionKey}/{want.HistoryRowKey} is missing");
            else if (row.Value!.Content() != want.Content()) drift.Add($"feed row {want.PartitionKey}/{want.HistoryRowKey} differs from the LS");
        }
        return drift;
    }

    /// <summary>The feed rows an LS should have: one per history line the feed carries.</summary>
    public static IEnumerable<FeedEntity> Rows(LiaisonDetails details)
    {
        var ls = details.Liaison;
        foreach (var h in details.History.Where(Carries))
        {
            var historyRowKey = LiaisonRows.History(h);
            yield return new FeedEntity
            {
                PartitionKey = Month(h.At),
                // Inverted ticks sort the newest first; the LS and its history row make the key unique and stable.
                RowKey = $"{DateTimeOffset.MaxValue.UtcTicks - h.At.UtcTicks:D19}|{ls.Id}|{historyRowKey}",
                LiaisonId = ls.Id,
                MeetingId = ls.MeetingId,
                HistoryRowKey = historyRowKey,
                Event = h.Event.ToString(),
                Detail = h.Detail,
                State = h.State?.ToString(),
                At = h.At,
                Number = ls.Number?.ToString(),
                Title = ls.Title,
            };
        }
    }

    /// <summary>
    /// The newest <paramref name="max"/> events, of one meeting or of all, newest first. Reads the months
    /// that have events from the latest back, and stops as soon as it has enough.
    /// </summary>
    public async Task<IReadOnlyList<FeedEntity>> LatestAsync(string? meetingId, int max, CancellationToken ct = default)
    {
        if (max <= 0) return [];
        var table = await Table();
        var months = new List<string>();
        await foreach (var m in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {MonthsPartition}"), select: ["RowKey"], cancellationToken: ct))
            months.Add(m.RowKey);

        var rows = new List<FeedEntity>();
        foreach (var month in months.OrderDescending(StringComparer.Ordinal))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {month}");
            if (meetingId is not null) filter += " and " + TableClient.CreateQueryFilter($"MeetingId eq {meetingId}");
            await foreach (var row in table.QueryAsync<FeedEntity>(filter, maxPerPage: max, cancellationToken: ct))
            {
                rows.Add(row);
                if (rows.Count == max) return rows;
            }
        }
        return rows;
    }

    static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    static string Fingerprint(FeedEntity row) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(row.Content())), 0, FingerprintBytes);
}
