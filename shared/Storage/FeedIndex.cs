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

    static readonly string[] Events = ["Dispatched", "ReplyReceived", "Overdue", "Escalated"];

    /// <summary>
    /// Whether the feed shows a history line: dispatch, a reply, an overdue note, an escalation, the LS
    /// closing — or its import in a state it was already sent in (the TSAG 2017 LSs were dispatched
    /// before LiaisonFlow existed; without this their feed would start empty).
    /// </summary>
    public static bool Carries(HistoryEntry h) =>
        Events.Contains(h.Event)
        || (h.Event == "StateChanged" && h.State == LiaisonState.Closed)
        || (h.Event == "Imported" && h.State is LiaisonState.Dispatched or LiaisonState.AwaitingReplies or LiaisonState.Closed);

    Task<TableClient> Table() => clients.TableAsync(names.Feed);

    /// <summary>Writes the feed rows an LS should have that are not already written as they should be.</summary>
    public async Task SyncAsync(LiaisonDetails details, CancellationToken ct = default)
    {
        var table = await Table();
        var liaisonId = details.Liaison.Id;
        var desired = Rows(details).Select(r => (Row: r, Fingerprint: Fingerprint(r))).ToList();
        var written = await table.GetEntityIfExistsAsync<TableEntity>(WrittenPartition, liaisonId, cancellationToken: ct);
        var done = written.HasValue ? written.Value!.GetString("Fingerprints").Split(' ').ToHashSet(StringComparer.Ordinal) : [];
        var changed = desired.Where(d => !done.Contains(d.Fingerprint)).Select(d => d.Row).ToList();
        if (changed.Count == 0) return;

        foreach (var month in changed.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal))
            await table.UpsertEntityAsync(new TableEntity(MonthsPartition, month), TableUpdateMode.Replace, ct);
        foreach (var row in changed) await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        // Last: until this is written, a retry writes the rows again.
        await table.UpsertEntityAsync(new TableEntity(WrittenPartition, liaisonId) { ["Fingerprints"] = string.Join(' ', desired.Select(d => d.Fingerprint)) },
            TableUpdateMode.Replace, ct);
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
                Event = h.Event,
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
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(row.Content())), 0, 12);
}
