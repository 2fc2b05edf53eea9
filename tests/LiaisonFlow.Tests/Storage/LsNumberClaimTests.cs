using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>
/// Next numbers claimed at once in one process go in shared transactions (a plenary endorsing many LSs at
/// once), in the order asked, each LS once, and still race safely with another process.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LsNumberClaimTests(AzuriteFixture azurite)
{
    static Dictionary<string, string?> Store() => new()
    {
        ["LiaisonFlow:StoragePrefix"] = "n" + Guid.NewGuid().ToString("N")[..10],
        ["LiaisonFlow:CountStorageRequests"] = "true",
    };

    [Fact]
    public async Task Sixty_claims_at_once_get_one_to_sixty_in_a_few_transactions()
    {
        await using var services = TestServices.Build(azurite, Store());
        var registry = services.GetRequiredService<LsNumberRegistry>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var table = services.GetRequiredService<StorageNames>().LsNumbers;
        string[] ids = [.. Enumerable.Range(1, 60).Select(i => $"ls-{i}")];
        // The table made sure of first (another series), so the sixty claims below come in at once, as a plenary's do.
        await registry.AssignNextAsync("m1", "ISO", "warm");

        var before = counter.Snapshot();
        var numbers = await Task.WhenAll(ids.Select(id => registry.AssignNextAsync("m1", "TSAG", id)));
        var counted = counter.Snapshot().Minus(before);

        Assert.Equal(Enumerable.Range(1, 60), numbers.Select(n => n.Sequence).Order());
        Assert.All(numbers, n => Assert.Equal("TSAG", n.Body));
        Assert.Equal([.. ids.Zip(numbers, (id, n) => (n.Sequence, id)).OrderBy(h => h.Sequence)], (await registry.HeldAsync("m1", "TSAG")).OrderBy(h => h.Sequence));
        var requests = counted.Operations.Where(o => o.Resource == table && o.Operation != StorageOperation.CreateTable).ToList();
        // 60 claims one by one would be 60 transactions at least: at most 49 LSs go in one, so two at the fewest.
        var transactions = requests.Where(o => o.Operation == StorageOperation.Transaction).Sum(o => o.Requests);
        Assert.InRange(transactions, 2, 5);
        // The counter read once at most (the first claim of the series in this process), nothing queried.
        Assert.InRange(requests.Where(o => o.Operation == StorageOperation.PointRead).Sum(o => o.Requests), 0, 1);
        Assert.DoesNotContain(requests, o => o.Operation == StorageOperation.Query);
    }

    [Fact]
    public async Task An_LS_asked_twice_at_once_or_again_keeps_its_one_number_and_the_others_get_theirs()
    {
        await using var services = TestServices.Build(azurite, Store());
        var registry = services.GetRequiredService<LsNumberRegistry>();
        var first = await registry.AssignNextAsync("m1", "TSAG", "numbered");

        // "numbered" again, in a batch with new LSs: its row refuses their transaction, it gets its number, they get theirs.
        var again = await Task.WhenAll(new[] { "numbered", "x", "x", "y", "numbered" }.Select(id => registry.AssignNextAsync("m1", "TSAG", id)));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(1, again[0].Sequence);
        Assert.Equal(1, again[4].Sequence);
        Assert.Equal(again[1], again[2]);
        Assert.Equal([2, 3], new[] { again[1].Sequence, again[3].Sequence }.Order());
        Assert.Equal([(1, "numbered"), (again[1].Sequence, "x"), (again[3].Sequence, "y")], (await registry.HeldAsync("m1", "TSAG")).OrderBy(h => h.Sequence));
        Assert.Equal(4, (await registry.AssignNextAsync("m1", "TSAG", "z")).Sequence);
    }

    [Fact]
    public async Task Two_processes_claiming_at_once_give_no_number_twice_and_leave_no_gap()
    {
        var store = Store();
        await using var here = TestServices.Build(azurite, store);
        await using var there = TestServices.Build(azurite, store);
        var hereRegistry = here.GetRequiredService<LsNumberRegistry>();
        var thereRegistry = there.GetRequiredService<LsNumberRegistry>();
        // Each process has written the series once, so each keeps a counter the other will make stale.
        await hereRegistry.AssignNextAsync("m1", "TSAG", "h-0");
        await thereRegistry.AssignNextAsync("m1", "TSAG", "t-0");

        var claims = Enumerable.Range(1, 30).SelectMany(i => new[] { hereRegistry.AssignNextAsync("m1", "TSAG", $"h-{i}"), thereRegistry.AssignNextAsync("m1", "TSAG", $"t-{i}") });
        var numbers = await Task.WhenAll(claims);

        Assert.Equal(Enumerable.Range(3, 60), numbers.Select(n => n.Sequence).Order());
        var held = await hereRegistry.HeldAsync("m1", "TSAG");
        Assert.Equal(Enumerable.Range(1, 62), held.Select(h => h.Sequence).Order());
        Assert.Equal(62, held.Select(h => h.LiaisonId).Distinct().Count());
    }
}
