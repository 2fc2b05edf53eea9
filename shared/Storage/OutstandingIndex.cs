using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>Which part of the index a dashboard question reads.</summary>
public sealed record OutstandingQuery(string? GroupId = null, DateOnly? DueBefore = null);

/// <summary>
/// The Outstanding table: the replies owed, indexed by group and by deadline month. It is derived:
/// <see cref="SyncAsync"/> recomputes an LS's rows from its stored record, rewrites them and deletes the
/// ones it no longer has, so calling it after every change — or twice, or after a crash — leaves the
/// index right.
/// <see cref="LiaisonIndexes"/> calls it.
/// </summary>
public sealed class OutstandingIndex(StorageClients clients, StorageNames names)
{
    const string GroupPrefix = "group|";
    const string DuePrefix = "due|";
    const string KeysPartition = "keys";

    /// <summary>States in which a reply is owed, or was: an outgoing LS once sent, an incoming one once received.</summary>
    static readonly LiaisonState[] Sent = [LiaisonState.Dispatched, LiaisonState.AwaitingReplies, LiaisonState.Closed,
        LiaisonState.Received, LiaisonState.Answered, LiaisonState.Noted];

    Task<TableClient> Table() => clients.TableAsync(names.Outstanding);

    /// <summary>The LS version the index reflects (-1 when it has no rows yet, or a marker of an older LiaisonFlow).</summary>
    public async Task<int> VersionAsync(string liaisonId, CancellationToken ct = default)
    {
        var table = await Table();
        var keysRow = await table.GetEntityIfExistsAsync<TableEntity>(KeysPartition, liaisonId, cancellationToken: ct);
        return keysRow.HasValue ? keysRow.Value!.GetInt32("Version") ?? -1 : -1;
    }

    /// <summary>
    /// Writes an LS's rows from a snapshot and deletes the ones it no longer has. False when the index
    /// already reflects a newer version, or another sync finished first (read the LS again and retry).
    /// </summary>
    public async Task<bool> SyncAsync(LiaisonSnapshot snapshot, CancellationToken ct = default, bool force = false)
    {
        var table = await Table();
        var liaisonId = snapshot.Id;
        var desired = Rows(snapshot.Details, snapshot.Tracked).ToList();

        var keysRow = await table.GetEntityIfExistsAsync<TableEntity>(KeysPartition, liaisonId, cancellationToken: ct);
        if (!force && keysRow.HasValue && (keysRow.Value!.GetInt32("Version") ?? -1) >= snapshot.Version) return true;
        var stored = keysRow.HasValue ? JsonSerializer.Deserialize<string[][]>(keysRow.Value!.GetString("Keys")!)! : [];
        foreach (var row in desired) await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        foreach (var stale in stored.Where(k => !desired.Any(d => d.PartitionKey == k[0] && d.RowKey == k[1])))
        {
            try { await table.DeleteEntityAsync(stale[0], stale[1], ETag.All, ct); }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
        var keys = new TableEntity(KeysPartition, liaisonId)
        {
            ["Keys"] = JsonSerializer.Serialize(desired.Select(d => new[] { d.PartitionKey, d.RowKey })),
            ["Version"] = snapshot.Version,
        };
        try
        {
            // Guarded: of two syncs of one LS, the later to finish must have written from the newer read.
            if (keysRow.HasValue) await table.UpdateEntityAsync(keys, keysRow.Value!.ETag, TableUpdateMode.Replace, ct);
            else await table.AddEntityAsync(keys, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>How the stored rows of an LS differ from what its record implies (empty: in step).</summary>
    public async Task<IReadOnlyList<string>> DriftAsync(LiaisonSnapshot snapshot, CancellationToken ct = default)
    {
        var table = await Table();
        var desired = Rows(snapshot.Details, snapshot.Tracked).ToDictionary(r => $"{r.PartitionKey}/{r.RowKey}", IndexRows.Fingerprint);
        var keysRow = await table.GetEntityIfExistsAsync<TableEntity>(KeysPartition, snapshot.Id, cancellationToken: ct);
        var listed = keysRow.HasValue ? JsonSerializer.Deserialize<string[][]>(keysRow.Value!.GetString("Keys")!)! : [];
        var drift = new List<string>();
        foreach (var key in listed.Select(k => $"{k[0]}/{k[1]}").Union(desired.Keys))
        {
            var parts = key.Split('/', 2);
            var row = await table.GetEntityIfExistsAsync<OutstandingEntity>(parts[0], parts[1], cancellationToken: ct);
            if (!desired.TryGetValue(key, out var want)) { if (row.HasValue) drift.Add($"outstanding row {key} should not exist"); continue; }
            if (!row.HasValue) drift.Add($"outstanding row {key} is missing");
            else if (IndexRows.Fingerprint(row.Value!) != want) drift.Add($"outstanding row {key} differs from the LS");
        }
        return drift;
    }

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
            yield return Row(GroupPrefix + a.GroupId, $"{date}|{ls.Id}");
            if (a.Deadline.Date is { } d) yield return Row($"{DuePrefix}{d:yyyy-MM}", $"{date}|{ls.Id}|{a.GroupId}");
        }
    }

    /// <summary>
    /// The index rows a question needs: one group's partition; or the deadline months up to
    /// <see cref="OutstandingQuery.DueBefore"/>; or, for neither, every group partition.
    /// </summary>
    public async Task<IReadOnlyList<OutstandingEntity>> QueryAsync(OutstandingQuery query, CancellationToken ct = default)
    {
        var table = await Table();
        string filter;
        if (query.GroupId is not null)
            filter = TableClient.CreateQueryFilter($"PartitionKey eq {GroupPrefix + query.GroupId}");
        else if (query.DueBefore is { } due)
            filter = TableClient.CreateQueryFilter($"PartitionKey ge {DuePrefix} and PartitionKey le {$"{DuePrefix}{due:yyyy-MM}"}");
        else
            filter = TableClient.CreateQueryFilter($"PartitionKey ge {GroupPrefix} and PartitionKey lt {"group}"}");
        var rows = new List<OutstandingEntity>();
        await foreach (var row in table.QueryAsync<OutstandingEntity>(filter, cancellationToken: ct)) rows.Add(row);
        return rows;
    }
}
