using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace LiaisonFlow.Storage;

/// <summary>
/// The marker rows an index (<see cref="OutstandingIndex"/>, <see cref="FeedIndex"/>) keeps per LS in one
/// partition of its table — the LS version it reflects and what it wrote — read and written here, and the
/// one this process last wrote or read kept with its ETag. A sync starts from the kept one instead of reading
/// it, which is safe because a marker is only ever written under its ETag: if another process wrote it since,
/// the sync's write is refused, the marker is forgotten, and the sync runs again from a fresh read. A version
/// kept here is a lower bound of the stored one (versions only grow), so "the index reflects at least version
/// v" is answered without a read when it is true here.
/// </summary>
sealed class IndexMarkers(string partition, Func<TableEntity, int> version)
{
    /// <summary>LSs kept, as <see cref="LiaisonSnapshotCache.Capacity"/>; past it the oldest go.</summary>
    const int Capacity = LiaisonSnapshotCache.Capacity;

    readonly ConcurrentDictionary<string, TableEntity> markers = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> order = new();

    /// <summary>The LS version the index reflects (-1 when it has no marker); at least <paramref name="enough"/> is answered from what is kept.</summary>
    public async Task<int> VersionAsync(TableClient table, string liaisonId, int enough, CancellationToken ct)
    {
        if (markers.TryGetValue(liaisonId, out var known) && version(known) >= enough) return version(known);
        return await ReadAsync(table, liaisonId, ct) is { } marker ? version(marker) : -1;
    }

    /// <summary>The LS's marker to sync from: as this process last wrote it if it did (its write checks it), else read; null when there is none.</summary>
    public async Task<TableEntity?> CurrentAsync(TableClient table, string liaisonId, bool read, CancellationToken ct) =>
        (!read && markers.TryGetValue(liaisonId, out var known) ? Copy(known) : null) ?? await ReadAsync(table, liaisonId, ct);

    /// <summary>
    /// Writes the LS's new marker over <paramref name="over"/> (the one the sync started from, null: none), guarded
    /// by its ETag. False when another sync wrote it first: the marker is forgotten and the sync must start again.
    /// </summary>
    public async Task<bool> WriteAsync(TableClient table, TableEntity marker, TableEntity? over, CancellationToken ct)
    {
        try
        {
            var answer = over is not null ? await table.UpdateEntityAsync(marker, over.ETag, TableUpdateMode.Replace, ct) : await table.AddEntityAsync(marker, ct);
            marker.ETag = answer.Headers.ETag ?? default;
            Remember(marker.RowKey, marker);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            markers.TryRemove(marker.RowKey, out _);
            return false;
        }
    }

    async Task<TableEntity?> ReadAsync(TableClient table, string liaisonId, CancellationToken ct)
    {
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(partition, liaisonId, cancellationToken: ct);
        if (!marker.HasValue) { markers.TryRemove(liaisonId, out _); return null; }
        Remember(liaisonId, marker.Value!);
        return marker.Value;
    }

    void Remember(string liaisonId, TableEntity written)
    {
        if (markers.TryAdd(liaisonId, Copy(written))) order.Enqueue(liaisonId);
        else markers[liaisonId] = Copy(written);
        while (markers.Count > Capacity && order.TryDequeue(out var oldest)) markers.TryRemove(oldest, out _);
    }

    /// <summary>The marker's properties are values and byte arrays the syncs never change in place; the dictionary is the caller's own.</summary>
    static TableEntity Copy(TableEntity marker) => new(marker) { ETag = marker.ETag, Timestamp = marker.Timestamp };
}
