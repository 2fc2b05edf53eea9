using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>
/// An index sync that loses a race with a newer one, or dies halfway, leaves no Outstanding row the LS no
/// longer has: the dashboard would show a group owing a reply it sent. The interleavings are made exact by
/// holding one process's storage requests (an HTTP pipeline policy) while the other process acts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IndexSyncRaceTests(AzuriteFixture azurite)
{
    static readonly DateOnly Today = new(2026, 11, 2);
    const string Sg17 = "itu-t-sg17";

    [Fact]
    public async Task A_late_sync_from_an_older_read_writes_nothing_over_a_newer_one()
    {
        await using var here = TestServices.Build(azurite);
        await using var there = TestServices.AnotherProcess(here);
        var ledger = here.GetRequiredService<LiaisonLedger>();
        var created = await CreateEndorsedAsync(ledger, "race-late");
        // There has synced the endorsed LS (no rows yet), so it keeps that keys row.
        await there.GetRequiredService<LiaisonIndexes>().SyncAsync(created);

        var dispatched = await DispatchAsync(ledger, created.Id);
        var replied = await ReplyAsync(ledger, created.Id);
        // The dispatch's sync there, late, from the keys row it kept: it would write SG17's open rows.
        await there.GetRequiredService<LiaisonIndexes>().SyncAsync(dispatched);

        Assert.DoesNotContain($"open|{Sg17}", await OutstandingPartitions.OfAsync(here, created.Id));
        Assert.Empty(await here.GetRequiredService<LiaisonIndexes>().DriftAsync(replied));
    }

    [Fact]
    public async Task Rows_a_refused_sync_wrote_after_a_newer_sync_are_deleted_by_its_retry()
    {
        var configuration = TestServices.Configuration(azurite);
        await using var there = Services(configuration);
        // Here, the dispatch's sync is held at its rows (its keys row already lists them), until the reply there has
        // been stored and synced: here's rows then land after there's sync, and here's keys row is refused.
        var held = 0;
        var replied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var here = Services(configuration, async message =>
        {
            if (!IsOutstandingRow(message)) return;
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                await ReplyAsync(there.GetRequiredService<LiaisonLedger>(), "race-refused");
                replied.SetResult();
            }
            await replied.Task;
        });
        var ledger = here.GetRequiredService<LiaisonLedger>();
        var created = await CreateEndorsedAsync(ledger, "race-refused");

        await DispatchAsync(ledger, created.Id);

        Assert.True(replied.Task.IsCompletedSuccessfully);
        var now = (await here.GetRequiredService<LiaisonStore>().ReadAsync(created.Id))!;
        Assert.Equal(ReplyStatus.Received, now.Liaison.Addressees.Single(a => a.GroupId == Sg17).ReplyStatus);
        Assert.DoesNotContain($"open|{Sg17}", await OutstandingPartitions.OfAsync(here, created.Id));
        Assert.Contains($"open|itu-t-sg16", await OutstandingPartitions.OfAsync(here, created.Id));
        Assert.Empty(await here.GetRequiredService<LiaisonIndexes>().DriftAsync(now));
    }

    [Fact]
    public async Task Rows_of_a_sync_that_died_before_its_keys_row_are_deleted_by_the_next_sync()
    {
        var configuration = TestServices.Configuration(azurite);
        // The process dies as the dispatch's sync writes its keys row, after its rows.
        var dying = false;
        var rowsWritten = 0;
        await using (var here = Services(configuration, message =>
        {
            if (dying && IsOutstandingKeysWrite(message) && message.Request.Headers.TryGetValue("If-Match", out _) && rowsWritten > 0)
                throw new Azure.RequestFailedException(503, "The process died here.");
            if (dying && IsOutstandingRow(message)) Interlocked.Increment(ref rowsWritten);
            return Task.CompletedTask;
        }))
        {
            var ledger = here.GetRequiredService<LiaisonLedger>();
            var created = await CreateEndorsedAsync(ledger, "race-crash");
            dying = true;
            // The change is stored; its sync failed, which the ledger logs and leaves to the next step.
            await DispatchAsync(ledger, created.Id);
            Assert.True(rowsWritten > 0);
            Assert.Contains($"open|{Sg17}", await OutstandingPartitions.OfAsync(here, created.Id));
        }

        // Restarted: the first change is SG17's reply, whose sync starts from the keys row the dead sync left.
        await using var restarted = Services(configuration);
        var replied = await ReplyAsync(restarted.GetRequiredService<LiaisonLedger>(), "race-crash");

        Assert.DoesNotContain($"open|{Sg17}", await OutstandingPartitions.OfAsync(restarted, "race-crash"));
        Assert.Empty(await restarted.GetRequiredService<LiaisonIndexes>().DriftAsync(replied));
    }

    /// <summary>An LS endorsed for two groups, for action, due in 30 days: no Outstanding rows yet.</summary>
    static async Task<LiaisonSnapshot> CreateEndorsedAsync(LiaisonLedger ledger, string id)
    {
        var ls = new LiaisonStatement
        {
            Id = id, MeetingId = "tsag-race", Number = new LsNumber("TSAG", 1), Title = $"LS {id}", SourceBody = "TSAG",
            State = LiaisonState.Endorsed, EndorsedOn = Today, CreatedAt = DateTimeOffset.UtcNow,
            Addressees = [.. new[] { "itu-t-sg16", Sg17 }.Select(g => Addressee.Create(g, Purpose.Action, Deadline.OnDay(Today.AddDays(30))))],
        };
        var created = await ledger.CreateAsync(ls, new HistoryEntry(DateTimeOffset.UtcNow, "import", LiaisonEvent.Imported, "test", "Imported.", ls.State));
        Assert.Equal(ChangeOutcome.Applied, created.Outcome);
        return created.Current!;
    }

    static async Task<LiaisonSnapshot> DispatchAsync(LiaisonLedger ledger, string id) =>
        (await ledger.ChangeAsync(id, (s, c) => { c.Set(s.Liaison with { State = LiaisonState.AwaitingReplies, DispatchedOn = Today }); return Verdict.Apply; })).Current!;

    static async Task<LiaisonSnapshot> ReplyAsync(LiaisonLedger ledger, string id) =>
        (await ledger.ChangeAsync(id, (s, c) =>
        {
            var sg17 = s.Liaison.Addressees.Single(a => a.GroupId == Sg17);
            c.Upsert(AddresseeEntity.From(s.Id, sg17 with { ReplyStatus = ReplyStatus.Received, RepliedOn = Today, ReplyReference = "SG17-LS1" }));
            return Verdict.Apply;
        })).Current!;

    /// <summary>A process on the store, its Table requests passed through <paramref name="before"/> first when given.</summary>
    ServiceProvider Services(IConfiguration configuration, Func<HttpMessage, Task>? before = null)
    {
        var services = new ServiceCollection();
        TestServices.Add(services, configuration);
        if (before is not null)
        {
            var options = new TableClientOptions();
            options.AddPolicy(new Before(before), HttpPipelinePosition.PerCall);
            services.AddSingleton(sp => new StorageClients(new TableServiceClient(azurite.ConnectionString, options), sp.GetRequiredService<BlobServiceClient>()));
        }
        return services.BuildServiceProvider();
    }

    /// <summary>A write of an Outstanding row (one row, or a transaction of a partition's rows), not of a keys row.</summary>
    static bool IsOutstandingRow(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get) return false;
        var uri = message.Request.Uri.ToString();
        if (uri.EndsWith("$batch", StringComparison.Ordinal))
        {
            using var body = new MemoryStream();
            message.Request.Content?.WriteTo(body, default);
            return System.Text.Encoding.UTF8.GetString(body.ToArray()).Contains("Outstanding(", StringComparison.Ordinal);
        }
        return uri.Contains("Outstanding(", StringComparison.Ordinal) && !uri.Contains("PartitionKey='keys'", StringComparison.Ordinal);
    }

    static bool IsOutstandingKeysWrite(HttpMessage message) =>
        message.Request.Method == RequestMethod.Put && message.Request.Uri.ToString().Contains("Outstanding(PartitionKey='keys'", StringComparison.Ordinal);

    sealed class Before(Func<HttpMessage, Task> before) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await before(message);
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The app's storage calls are asynchronous.");
    }
}
