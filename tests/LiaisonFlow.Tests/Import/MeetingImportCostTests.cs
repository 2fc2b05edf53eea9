using LiaisonFlow.Benchmark;
using LiaisonFlow.Import;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Import;

/// <summary>
/// What a meeting import costs in storage requests, counted in-process: the same per LS whatever the
/// store already holds, and nothing written when the file is imported again unchanged.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MeetingImportCostTests(AzuriteFixture azurite)
{
    const int Liaisons = 30;

    [Fact]
    public async Task An_import_costs_the_same_per_LS_as_the_store_grows_and_a_re_import_writes_nothing()
    {
        await using var services = TestServices.Build(azurite, new Dictionary<string, string?> { ["LiaisonFlow:CountStorageRequests"] = "true" });
        var importer = services.GetRequiredService<MeetingImporter>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        await using var durable = new NullDurableClient();

        async Task<(StorageRequestCounts Cost, ImportReport Report)> ImportAsync(MeetingImportFile file)
        {
            var before = counter.Snapshot();
            var report = await importer.ImportAsync(file, "test", durable);
            return (counter.Snapshot().Minus(before), report);
        }

        var first = await ImportAsync(File("cost-first"));
        await ImportAsync(File("cost-filler"));
        var later = await ImportAsync(File("cost-later"));
        Assert.All(first.Report.Liaisons.Concat(later.Report.Liaisons), l => Assert.Equal("created", l.Outcome));
        // Per LS: a point read that finds nothing, the number's owner, the LS's transaction, the two indexes' rows.
        Assert.True(first.Cost.Requests <= Liaisons * 16 + 20, $"The first import made {first.Cost.Requests} requests for {Liaisons} LSs.");
        Assert.True(later.Cost.Requests <= first.Cost.Requests + 5, $"{later.Cost.Requests} requests into a store of {2 * Liaisons} LSs, {first.Cost.Requests} into an empty one.");
        Assert.True(later.Cost.EntitiesRead <= first.Cost.EntitiesRead + 5, $"{later.Cost.EntitiesRead} entities read into a store of {2 * Liaisons} LSs, {first.Cost.EntitiesRead} into an empty one.");

        var again = await ImportAsync(File("cost-later"));
        Assert.All(again.Report.Liaisons, l => Assert.Equal("unchanged", l.Outcome));
        Assert.Equal(later.Report.Liaisons.Select(l => (l.Id, l.Number, l.State)), again.Report.Liaisons.Select(l => (l.Id, l.Number, l.State)));
        Assert.Equal(0, again.Cost.EntitiesWritten);
        // Per LS: its record, its number's owner, both indexes' versions; the series once.
        Assert.True(again.Cost.Requests <= Liaisons * 4 + 20, $"The re-import made {again.Cost.Requests} requests for {Liaisons} LSs.");
    }

    static MeetingImportFile File(string meeting) => new()
    {
        FormatVersion = 1,
        Meeting = new MeetingDto { Id = meeting, Body = "TSAG", Title = meeting },
        Groups = [new GroupDto { Id = "itu-t-sg17", Name = "ITU-T SG17" }, new GroupDto { Id = "itu-t-sg13", Name = "ITU-T SG13" }],
        Liaisons = [.. Enumerable.Range(1, Liaisons).Select(i => new LiaisonDto
        {
            Id = $"{meeting}-{i}", Number = $"TSAG-LS{i}", Title = $"LS {i}", State = "AwaitingReplies", DispatchedOn = "2026-05-11",
            Addressees = [new AddresseeDto { Group = "itu-t-sg17", Purpose = "Action", Deadline = "2026-09-01" }, new AddresseeDto { Group = "itu-t-sg13", Purpose = "Information", Deadline = "none" }],
        })],
    };
}
