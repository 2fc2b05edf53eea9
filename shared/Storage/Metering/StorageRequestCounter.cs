using System.Collections.Concurrent;

namespace LiaisonFlow.Storage.Metering;

/// <summary>
/// Counts the app's own storage requests (not the Durable Task engine's), by service, table or container,
/// and operation, with the entities each read or wrote. Filled by <see cref="StorageRequestPolicy"/> on the
/// app's Table and Blob clients when <c>LiaisonFlow:CountStorageRequests</c> is on (the benchmark turns it on);
/// read as a <see cref="Snapshot"/>, and two snapshots subtract, so a run measures only its own part.
/// </summary>
public sealed class StorageRequestCounter
{
    readonly ConcurrentDictionary<StorageOperationKey, Tally> tallies = new();

    internal void Add(StorageOperationKey key, long entitiesRead, long entitiesWritten)
    {
        var tally = tallies.GetOrAdd(key, _ => new Tally());
        Interlocked.Increment(ref tally.Requests);
        Interlocked.Add(ref tally.EntitiesRead, entitiesRead);
        Interlocked.Add(ref tally.EntitiesWritten, entitiesWritten);
    }

    public StorageRequestCounts Snapshot() => new(
        [.. tallies.Select(t => new StorageOperationCount(t.Key.Service, t.Key.Resource, t.Key.Operation,
                Interlocked.Read(ref t.Value.Requests), Interlocked.Read(ref t.Value.EntitiesRead), Interlocked.Read(ref t.Value.EntitiesWritten)))
            .OrderBy(c => c.Service).ThenBy(c => c.Resource, StringComparer.Ordinal).ThenBy(c => c.Operation)]);

    sealed class Tally
    {
        public long Requests;
        public long EntitiesRead;
        public long EntitiesWritten;
    }
}

internal readonly record struct StorageOperationKey(StorageService Service, string Resource, StorageOperation Operation);
