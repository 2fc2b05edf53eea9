using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace LiaisonFlow.Storage;

/// <summary>
/// Hands out table and container clients, creating each table or container once per process. A
/// creation that failed (storage down for a moment) is not remembered: the next call tries again.
/// </summary>
public sealed class StorageClients(TableServiceClient tables, BlobServiceClient blobs)
{
    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tableCache = new();
    readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> containerCache = new();

    public Task<TableClient> TableAsync(string name) => Once(tableCache, name, async n =>
    {
        var client = tables.GetTableClient(n);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<BlobContainerClient> ContainerAsync(string name) => Once(containerCache, name, async n =>
    {
        var client = blobs.GetBlobContainerClient(n);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    static async Task<T> Once<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string name, Func<string, Task<T>> create)
    {
        var entry = cache.GetOrAdd(name, n => new Lazy<Task<T>>(() => create(n)));
        try
        {
            return await entry.Value;
        }
        catch
        {
            cache.TryRemove(KeyValuePair.Create(name, entry));
            throw;
        }
    }
}
