using Azure.Data.Tables;
using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>
/// The storage request counter, wired by the setting as the hosts wire it, against Azurite: each request
/// counted once with what it did, the entities a query read from its answer and a transaction's writes from its body.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageRequestCounterTests(AzuriteFixture azurite)
{
    static readonly Dictionary<string, string?> Counting = new() { ["LiaisonFlow:CountStorageRequests"] = "true" };

    [Fact]
    public async Task Each_request_is_counted_with_the_entities_it_read_or_wrote()
    {
        await using var services = TestServices.Build(azurite, Counting);
        var clients = services.GetRequiredService<StorageClients>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var name = "Metered" + Guid.NewGuid().ToString("N")[..8];
        var table = await clients.TableAsync(name);
        var before = counter.Snapshot();

        await table.AddEntityAsync(new TableEntity("p1", "a"));
        await table.SubmitTransactionAsync([.. Enumerable.Range(0, 5).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p2", $"r{i}")))]);
        // Refused (the row exists): answered 202 all the same, and nothing written.
        await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p2", "r0"))]));
        await table.UpsertEntityAsync(new TableEntity("p1", "a") { ["X"] = 1 });
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p1", "a")).HasValue);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p1", "missing")).HasValue);
        var found = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == "p2" && e.RowKey.CompareTo("r1") >= 0)) found++;
        await table.DeleteEntityAsync("p1", "a");

        var counts = counter.Snapshot().Minus(before);
        StorageOperationCount Of(StorageOperation op) => Assert.Single(counts.Operations, o => o.Operation == op && o.Resource == name);
        Assert.Equal(4, found);
        Assert.Equal((1, 0, 1), Tally(Of(StorageOperation.Insert)));
        Assert.Equal((2, 0, 5), Tally(Of(StorageOperation.Transaction)));
        Assert.Equal((1, 0, 1), Tally(Of(StorageOperation.Update)));
        Assert.Equal((2, 1, 0), Tally(Of(StorageOperation.PointRead))); // the miss is a request that read nothing
        Assert.Equal((1, 4, 0), Tally(Of(StorageOperation.Query)));
        Assert.Equal((1, 0, 1), Tally(Of(StorageOperation.Delete)));
        Assert.Equal(8, counts.Requests);
        Assert.All(counts.Operations, o => Assert.Equal(StorageService.Table, o.Service));
    }

    [Fact]
    public async Task Blob_uploads_and_downloads_are_counted_by_container()
    {
        await using var services = TestServices.Build(azurite, Counting);
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var documents = services.GetRequiredService<DocumentStore>();
        var before = counter.Snapshot();

        var (_, sha256, _) = await documents.UploadAsync("ls-1", "TD1.docx", new MemoryStream("TD"u8.ToArray()), "application/octet-stream", 1024);
        using (var blob = await documents.OpenVersionAsync("ls-1", sha256, "TD1.docx")) Assert.NotNull(blob);

        var counts = counter.Snapshot().Minus(before);
        Assert.Contains(counts.Operations, o => o is { Service: StorageService.Blob, Operation: StorageOperation.Upload, Requests: 1, EntitiesWritten: 1 });
        Assert.Contains(counts.Operations, o => o is { Service: StorageService.Blob, Operation: StorageOperation.Download, Requests: 1 });
    }

    [Fact]
    public async Task Nothing_is_counted_unless_the_setting_is_on()
    {
        await using var services = TestServices.Build(azurite);
        var table = await services.GetRequiredService<StorageClients>().TableAsync("Unmetered");
        await table.AddEntityAsync(new TableEntity("p", "r"));
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
        Assert.Equal(0, services.GetRequiredService<StorageRequestCounter>().Snapshot().Requests);
    }

    static (long, long, long) Tally(StorageOperationCount c) => (c.Requests, c.EntitiesRead, c.EntitiesWritten);
}
