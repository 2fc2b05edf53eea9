using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace LiaisonFlow.Storage;

/// <summary>
/// The marker row an index (<see cref="OutstandingIndex"/>, <see cref="FeedIndex"/>) last wrote or read for
/// each LS in this process: the LS version it reflects, what it wrote, and its ETag. A sync starts from it
/// instead of reading it, which is safe because the marker is only ever written under its ETag: if another
/// process wrote it since, the sync's guarded write is refused, the marker is forgotten, and the sync runs
/// again from a fresh read. A version known here is a lower bound of the stored one (versions only grow),
/// so "the index reflects at least version v" can be answered without a read when it is true here.
/// </summary>
sealed class IndexMarkers
{
    /// <summary>LSs kept, as <see cref="LiaisonSnapshotCache.Capacity"/>; past it the oldest go.</summary>
    const int Capacity = LiaisonSnapshotCache.Capacity;

    readonly ConcurrentDictionary<string, TableEntity> markers = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> order = new();

    public TableEntity? Find(string liaisonId) => markers.TryGetValue(liaisonId, out var marker) ? Copy(marker) : null;

    public void Remember(string liaisonId, TableEntity written)
    {
        if (markers.TryAdd(liaisonId, Copy(written))) order.Enqueue(liaisonId);
        else markers[liaisonId] = Copy(written);
        while (markers.Count > Capacity && order.TryDequeue(out var oldest)) markers.TryRemove(oldest, out _);
    }

    public void Forget(string liaisonId) => markers.TryRemove(liaisonId, out _);

    /// <summary>The marker's properties are values and byte arrays the syncs never change in place; the dictionary is the caller's own.</summary>
    static TableEntity Copy(TableEntity marker) => new(marker) { ETag = marker.ETag, Timestamp = marker.Timestamp };
}
