using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>
/// The group directory is kept in memory and read again only when its stamp moved: an unchanged directory
/// costs one point read, and a change written by another host is seen at the next read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GroupDirectoryCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_unchanged_directory_is_one_point_read_and_another_hosts_change_is_seen_at_once()
    {
        var prefix = new Dictionary<string, string?> { ["LiaisonFlow:CountStorageRequests"] = "true", ["LiaisonFlow:StoragePrefix"] = "g" + Guid.NewGuid().ToString("N")[..8] };
        await using var host = TestServices.Build(azurite, prefix);
        await using var other = TestServices.Build(azurite, prefix); // another host on the same storage
        var groups = host.GetRequiredService<GroupStore>();
        var counter = host.GetRequiredService<StorageRequestCounter>();
        await other.GetRequiredService<GroupStore>().UpsertAsync([new Group("itu-t-sg17", "ITU-T SG17", "ITU-T", "tsbsg17@liaisonflow.example", [], [])]);

        Assert.Equal("tsbsg17@liaisonflow.example", (await groups.GetDirectoryAsync()).Find("itu-t-sg17")?.Email);
        var before = counter.Snapshot();
        Assert.NotNull((await groups.GetDirectoryAsync()).Find("itu-t-sg17"));
        var again = counter.Snapshot().Minus(before);
        Assert.Equal([(StorageOperation.PointRead, 1L, 1L)], again.Operations.Select(o => (o.Operation, o.Requests, o.EntitiesRead)));

        await other.GetRequiredService<GroupStore>().UpsertAsync([new Group("itu-t-sg17", "ITU-T SG17", "ITU-T", "sg17@itu.example", [], [])]);
        Assert.Equal("sg17@itu.example", (await groups.GetDirectoryAsync()).Find("itu-t-sg17")?.Email);
    }
}
