namespace LiaisonFlow.Storage;

/// <summary>
/// The tables derived from the Liaisons table — <see cref="OutstandingIndex"/> (replies owed) and
/// <see cref="FeedIndex"/> (events for the Atom feed) — brought in step with one LS by the write path
/// after every change. Each index records the LS version it reflects, so a sync from an older read
/// never overwrites a newer one, and the workflow can tell a stale index (a crash after a commit) and
/// bring it in step.
/// </summary>
public sealed class LiaisonIndexes(LiaisonStore liaisons, OutstandingIndex outstanding, FeedIndex feed)
{
    const int MaxAttempts = 10;

    /// <summary>
    /// An LS's syncs in this process, one at a time: they would only refuse each other's markers, and a refused sync
    /// must write again what it touched, so thirty replies at once would keep refusing each other. Waiting, a sync
    /// finds the marker the one before it wrote, and writes nothing when that one already reflects its version.
    /// Syncs in other processes are still guarded by the markers' ETags.
    /// </summary>
    readonly KeyedLock syncing = new();

    /// <param name="force">Rewrite every row, whatever the indexes say they reflect (the consistency repair).</param>
    public async Task SyncAsync(LiaisonSnapshot snapshot, CancellationToken ct = default, bool force = false)
    {
        using var turn = await syncing.LockAsync(snapshot.Id, ct);
        // What each attempt wrote or deleted: a refused attempt's writes may have landed after the sync that refused
        // it, so the next attempt, from the newest read, writes those again (or deletes them) whatever the markers say.
        var outstandingTouched = new HashSet<(string PartitionKey, string RowKey)>();
        var feedTouched = new HashSet<(string PartitionKey, string RowKey)>();
        for (var attempt = 1; ; attempt++)
        {
            if (await outstanding.SyncAsync(snapshot, ct, force, outstandingTouched) & await feed.SyncAsync(snapshot, ct, force, feedTouched)) return;
            if (attempt == MaxAttempts) throw new IndexSyncContendedException(snapshot.Id, attempt);
            // Another sync of this LS wrote its marker first: read the LS again, so the last write is from the newest read.
            snapshot = await liaisons.ReadAsync(snapshot.Id, ct) ?? snapshot;
        }
    }

    /// <summary>How both indexes differ from what the LS implies (empty: in step).</summary>
    public async Task<IReadOnlyList<string>> DriftAsync(LiaisonSnapshot snapshot, CancellationToken ct = default) =>
        [.. await outstanding.DriftAsync(snapshot, ct), .. await feed.DriftAsync(snapshot, ct)];

    /// <summary>True when both indexes reflect this version of the LS.</summary>
    public Task<bool> IsCurrentAsync(LiaisonSnapshot snapshot, CancellationToken ct = default) => IsCurrentAsync(snapshot.Id, snapshot.Version, ct);

    /// <summary>True when both indexes reflect this version of the LS (its record's, read alone).</summary>
    public async Task<bool> IsCurrentAsync(string liaisonId, int version, CancellationToken ct = default) =>
        await outstanding.VersionAsync(liaisonId, version, ct) >= version && await feed.VersionAsync(liaisonId, version, ct) >= version;

    /// <summary>Brings the indexes in step if a crash left them behind the LS.</summary>
    public async Task EnsureCurrentAsync(LiaisonSnapshot snapshot, CancellationToken ct = default)
    {
        if (!await IsCurrentAsync(snapshot, ct)) await SyncAsync(snapshot, ct);
    }
}
