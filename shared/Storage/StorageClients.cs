using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace LiaisonFlow.Storage;

/// <summary>Hands out table and container clients, creating each table or container once per process.</summary>
public sealed class StorageClients(TableServiceClient tables, BlobServiceClient blobs)
{
    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tableCache = new();
    readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> containerCache = new();

    public Task<TableClient> TableAsync(string name) =>
        tableCache.GetOrAdd(name, n => new Lazy<Task<TableClient>>(async () =>
        {
            var client = tables.GetTableClient(n);
            await client.CreateIfNotExistsAsync();
            return client;
        })).Value;

    public Task<BlobContainerClient> ContainerAsync(string name) =>
        containerCache.GetOrAdd(name, n => new Lazy<Task<BlobContainerClient>>(async () =>
        {
            var client = blobs.GetBlobContainerClient(n);
            await client.CreateIfNotExistsAsync();
            return client;
        })).Value;
}
