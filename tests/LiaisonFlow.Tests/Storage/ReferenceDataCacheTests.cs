using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>
/// The group directory and the meetings are kept in memory: read or checked less than a second ago, they cost
/// no request; after that, the directory costs one point read of its stamp while unchanged and a meeting one
/// point read. A change this host writes is seen at once, another host's once the second has passed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReferenceDataCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_directory_is_read_at_most_once_a_second_and_sees_its_own_change_at_once_and_another_hosts_a_second_later()
    {
        var (clock, host, other, counter) = Hosts();
        await using (host) await using (other)
        {
            var groups = host.GetRequiredService<GroupStore>();
            await other.GetRequiredService<GroupStore>().UpsertAsync([Sg17("tsbsg17@liaisonflow.example")]);
            Assert.Equal("tsbsg17@liaisonflow.example", (await groups.GetDirectoryAsync()).Find("itu-t-sg17")?.Email);

            var before = counter.Snapshot();
            Assert.NotNull((await groups.GetDirectoryAsync()).Find("itu-t-sg17"));
            Assert.Empty(counter.Snapshot().Minus(before).Operations);

            clock.Advance(TimeSpan.FromSeconds(1));
            before = counter.Snapshot();
            Assert.NotNull((await groups.GetDirectoryAsync()).Find("itu-t-sg17"));
            Assert.Equal([(StorageOperation.PointRead, 1L, 1L)], counter.Snapshot().Minus(before).Operations.Select(o => (o.Operation, o.Requests, o.EntitiesRead)));

            await other.GetRequiredService<GroupStore>().UpsertAsync([Sg17("sg17@itu.example")]);
            Assert.Equal("tsbsg17@liaisonflow.example", (await groups.GetDirectoryAsync()).Find("itu-t-sg17")?.Email);
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("sg17@itu.example", (await groups.GetDirectoryAsync()).Find("itu-t-sg17")?.Email);

            await groups.UpsertAsync([Sg17("sg17-own@itu.example")]);
            Assert.Equal("sg17-own@itu.example", (await groups.GetDirectoryAsync()).Find("itu-t-sg17")?.Email);
        }
    }

    [Fact]
    public async Task A_meeting_is_read_at_most_once_a_second_and_one_not_found_is_read_every_time()
    {
        var (clock, host, other, counter) = Hosts();
        await using (host) await using (other)
        {
            var meetings = host.GetRequiredService<MeetingStore>();
            Assert.Null(await meetings.GetAsync("tsag-2017-05"));
            await other.GetRequiredService<MeetingStore>().UpsertAsync(Tsag("Geneva"));
            Assert.Equal("Geneva", (await meetings.GetAsync("tsag-2017-05"))?.Place);

            var before = counter.Snapshot();
            Assert.Equal("Geneva", (await meetings.GetAsync("tsag-2017-05"))?.Place);
            Assert.Empty(counter.Snapshot().Minus(before).Operations);

            await other.GetRequiredService<MeetingStore>().UpsertAsync(Tsag("Geneva, ITU headquarters"));
            Assert.Equal("Geneva", (await meetings.GetAsync("tsag-2017-05"))?.Place);
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("Geneva, ITU headquarters", (await meetings.GetAsync("tsag-2017-05"))?.Place);

            await meetings.UpsertAsync(Tsag("Montevideo"));
            Assert.Equal("Montevideo", (await meetings.GetAsync("tsag-2017-05"))?.Place);
        }
    }

    static Group Sg17(string email) => new("itu-t-sg17", "ITU-T SG17", "ITU-T", email, [], []);

    static Meeting Tsag(string place) => new("tsag-2017-05", "ITU-T TSAG", "ITU-T", "TSAG meeting", place,
        new DateOnly(2017, 5, 1), new DateOnly(2017, 5, 4), null, null, null);

    /// <summary>Two hosts on one store; the first on a clock the test moves, with its requests counted.</summary>
    (SteppedClock Clock, ServiceProvider Host, ServiceProvider Other, StorageRequestCounter Counter) Hosts()
    {
        var settings = new Dictionary<string, string?> { ["LiaisonFlow:CountStorageRequests"] = "true", ["LiaisonFlow:StoragePrefix"] = "g" + Guid.NewGuid().ToString("N")[..8] };
        var clock = new SteppedClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        TestServices.Add(services, TestServices.Configuration(azurite, settings));
        var host = services.BuildServiceProvider();
        return (clock, host, TestServices.Build(azurite, settings), host.GetRequiredService<StorageRequestCounter>());
    }

    /// <summary>Elapsed time only when the test says so (what the stores measure freshness with).</summary>
    sealed class SteppedClock : TimeProvider
    {
        long ticks;
        public void Advance(TimeSpan by) => ticks += by.Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => ticks;
    }
}
