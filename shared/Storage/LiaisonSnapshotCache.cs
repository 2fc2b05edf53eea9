using System.Collections.Concurrent;
using Azure;

namespace LiaisonFlow.Storage;

/// <summary>
/// The last snapshot this process read or committed of each LS, kept so that a read costs a point read of
/// the record instead of a query of the whole partition. It is only ever a guess checked by the record's
/// ETag: every write to an LS's partition goes through <see cref="LiaisonLedger"/> and writes the record in
/// the same transaction (a change replaces it under its ETag, the pending mark replaces it, a mail update
/// touches it), so an unchanged ETag means an unchanged partition, whichever process wrote last.
/// Snapshots hold mutable table entities, so each caller gets a copy of its own.
/// </summary>
sealed class LiaisonSnapshotCache
{
    /// <summary>LSs kept: a meeting's worth many times over; the oldest remembered go first.</summary>
    public const int Capacity = 2_048;

    readonly ConcurrentDictionary<string, (LiaisonSnapshot Snapshot, long Sequence)> entries = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<(string Id, long Sequence)> order = new();
    long sequence;

    public bool Holds(string id) => entries.ContainsKey(id);

    /// <summary>A copy of the snapshot remembered of this LS if its record still has this ETag; null otherwise.</summary>
    public LiaisonSnapshot? Find(string id, ETag recordETag) =>
        entries.TryGetValue(id, out var entry) && entry.Snapshot.Record.ETag == recordETag ? entry.Snapshot.Copy() : null;

    /// <summary>A copy of the snapshot remembered of this LS, unchecked: only for a change whose commit its record's ETag guards.</summary>
    public LiaisonSnapshot? Last(string id) => entries.TryGetValue(id, out var entry) ? entry.Snapshot.Copy() : null;

    /// <summary>Keeps a copy of the snapshot (the caller may go on changing its own), unless a newer version is kept already.</summary>
    public void Remember(LiaisonSnapshot snapshot)
    {
        var kept = snapshot.Copy();
        var at = Interlocked.Increment(ref sequence);
        entries.AddOrUpdate(snapshot.Id, (kept, at), (_, old) => old.Snapshot.Version > kept.Version ? old : (kept, at));
        order.Enqueue((snapshot.Id, at));
        while (entries.Count > Capacity && order.TryDequeue(out var oldest))
        {
            // Only the entry as it was remembered then: an LS remembered again since keeps its newer entry.
            if (entries.TryGetValue(oldest.Id, out var entry) && entry.Sequence == oldest.Sequence)
                entries.TryRemove(KeyValuePair.Create(oldest.Id, entry));
        }
        // Ids remembered again leave stale places in the queue; drop them so it stays the size of the cache.
        while (order.Count > 4 * Capacity && order.TryDequeue(out var stale))
        {
            if (entries.TryGetValue(stale.Id, out var entry) && entry.Sequence == stale.Sequence) order.Enqueue(stale);
        }
    }

    public void Forget(string id) => entries.TryRemove(id, out _);
}
