using Azure.Data.Tables;
using LiaisonFlow.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonFlow.Tests.Storage;

/// <summary>Where the Outstanding index holds an LS's rows, read by a scan of the table (what the dashboard would find).</summary>
static class OutstandingPartitions
{
    public static async Task<List<string>> OfAsync(IServiceProvider services, string liaisonId)
    {
        var table = await services.GetRequiredService<StorageClients>().TableAsync(services.GetRequiredService<StorageNames>().Outstanding);
        var partitions = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<OutstandingEntity>(TableClient.CreateQueryFilter($"LiaisonId eq {liaisonId}")))
            partitions.Add(row.PartitionKey);
        return [.. partitions];
    }
}
