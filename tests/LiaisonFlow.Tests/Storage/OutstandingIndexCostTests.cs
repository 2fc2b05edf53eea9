using Azure.Data.Tables;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>
/// The Outstanding index reads about the rows a dashboard question returns, not the history: counted
/// through the storage request counter over LSs written by the ledger (so indexed by the one write path),
/// two years of them, most replied. And an index of the older layout is rebuilt.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutstandingIndexCostTests(AzuriteFixture azurite)
{
    static readonly DateOnly Today = new(2026, 11, 2);
    static readonly string[] Groups = ["itu-t-sg2", "itu-t-sg13", "itu-t-sg16", "itu-t-sg17", "itu-t-sg20"];

    [Fact]
    public async Task Each_question_reads_about_the_rows_it_returns()
    {
        await using var services = TestServices.Build(azurite, new Dictionary<string, string?> { ["LiaisonFlow:CountStorageRequests"] = "true" });
        var ledger = services.GetRequiredService<LiaisonLedger>();
        var stored = new List<LiaisonStatement>();
        for (var i = 0; i < 40; i++)
        {
            var ls = Sent($"cost-{i:D2}", Today.AddDays(-18 * (40 - i)), i);
            Assert.Equal(ChangeOutcome.Applied, (await ledger.CreateAsync(ls, new HistoryEntry(DateTimeOffset.UtcNow, "import", LiaisonEvent.Imported, "test", "Imported.", ls.State))).Outcome);
            stored.Add(ls);
        }

        var reader = services.GetRequiredService<OutstandingReader>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var directory = new GroupDirectory([]);
        var totalRows = stored.SelectMany(ls => OutstandingIndex.Rows(new LiaisonDetails(ls, [], [], []), [])).DistinctBy(r => (r.LiaisonId, r.GroupId)).Count();
        foreach (var filter in new[]
        {
            new OutstandingFilter(Today, GroupId: "itu-t-sg17"),
            new OutstandingFilter(Today, DueBefore: Today.AddDays(14)),
            new OutstandingFilter(Today.AddYears(-1)),
            new OutstandingFilter(Today.AddDays(-200), GroupId: "itu-t-sg13"),
            new OutstandingFilter(Today),
        })
        {
            var before = counter.Snapshot();
            var report = await reader.ReadAsync(filter, directory, Today);
            var cost = counter.Snapshot().Minus(before);

            // The same answer as working it out from every LS.
            var expected = OutstandingReport.From(stored.SelectMany(ls => OutstandingIndex.Rows(new LiaisonDetails(ls, [], [], []), [])), filter, directory);
            Assert.Equal(Owed(expected), Owed(report));
            Assert.NotEmpty(report.Rows);
            var rows = report.Rows.Count + report.WeOwe.Count;
            // The months listed (at most 13 for a year back) and a few rows ended in the day's own month are the slack;
            // a question about one group as of a past day reads every group's replies owed then (not asserted here).
            var slack = filter.GroupId is not null && filter.AsOf < Today ? totalRows : 16;
            Assert.True(cost.EntitiesRead <= rows + slack, $"{filter}: read {cost.EntitiesRead} entities for {rows} rows ({totalRows} replies ever owed).");
            Assert.True(cost.Requests <= 16, $"{filter}: {cost.Requests} requests.");
        }
    }

    [Fact]
    public async Task A_reply_moves_the_rows_and_a_second_sync_writes_nothing()
    {
        await using var services = TestServices.Build(azurite, new Dictionary<string, string?> { ["LiaisonFlow:CountStorageRequests"] = "true" });
        var ledger = services.GetRequiredService<LiaisonLedger>();
        var indexes = services.GetRequiredService<LiaisonIndexes>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var ls = Sent("cost-reply", Today.AddDays(-100), 1) with { Addressees = [Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.OnDay(Today.AddDays(10)))] };
        await ledger.CreateAsync(ls, new HistoryEntry(DateTimeOffset.UtcNow, "import", LiaisonEvent.Imported, "test", "Imported.", ls.State));
        Assert.Equal(["open-due", "open-sent", "open|itu-t-sg17"], await OutstandingPartitions.OfAsync(services, "cost-reply"));

        var replied = await ledger.ChangeAsync("cost-reply", (s, c) =>
        {
            c.Upsert(AddresseeEntity.From(s.Id, s.Liaison.Addressees[0] with { ReplyStatus = ReplyStatus.Received, RepliedOn = Today.AddDays(-3), ReplyReference = "SG17-LS1" }));
            return Verdict.Apply;
        });
        Assert.Equal([$"ended-on|{Today.AddDays(-3):yyyy-MM}", $"ended|{Today.AddDays(-3):yyyy-MM}"], await OutstandingPartitions.OfAsync(services, "cost-reply"));
        Assert.Empty(await indexes.DriftAsync(replied.Current!));

        var before = counter.Snapshot();
        await indexes.SyncAsync(replied.Current!, force: false);
        Assert.Equal(0, counter.Snapshot().Minus(before).EntitiesWritten);
    }

    [Fact]
    public async Task An_index_of_the_older_layout_is_drift_and_is_rebuilt()
    {
        await using var services = TestServices.Build(azurite);
        var ledger = services.GetRequiredService<LiaisonLedger>();
        var indexes = services.GetRequiredService<LiaisonIndexes>();
        var ls = Sent("cost-old", Today.AddDays(-30), 1) with { Addressees = [Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.OnDay(Today.AddDays(10)))] };
        var created = (await ledger.CreateAsync(ls, new HistoryEntry(DateTimeOffset.UtcNow, "import", LiaisonEvent.Imported, "test", "Imported.", ls.State))).Current!;

        // What the older layout wrote: a row under the group and one under the deadline's month, listed in a "Keys" string.
        var table = await services.GetRequiredService<StorageClients>().TableAsync(services.GetRequiredService<StorageNames>().Outstanding);
        var old = OutstandingIndex.Rows(created.Details, []).First();
        string[][] oldKeys = [["group|itu-t-sg17", $"{Today.AddDays(10):yyyyMMdd}|cost-old"], [$"due|{Today.AddDays(10):yyyy-MM}", $"{Today.AddDays(10):yyyyMMdd}|cost-old|itu-t-sg17"]];
        foreach (var key in oldKeys)
        {
            old.PartitionKey = key[0];
            old.RowKey = key[1];
            await table.UpsertEntityAsync(old);
        }
        await table.UpsertEntityAsync(new TableEntity("keys", "cost-old") { ["Keys"] = System.Text.Json.JsonSerializer.Serialize(oldKeys), ["Version"] = created.Version }, TableUpdateMode.Replace);

        // The new code starting on that store: a process that has not synced this LS itself.
        await using var upgraded = TestServices.AnotherProcess(services);
        indexes = upgraded.GetRequiredService<LiaisonIndexes>();
        Assert.NotEmpty(await indexes.DriftAsync(created));
        Assert.False(await indexes.IsCurrentAsync(created));
        await indexes.EnsureCurrentAsync(created);
        Assert.Empty(await indexes.DriftAsync(created));
        Assert.Equal(["open-due", "open-sent", "open|itu-t-sg17"], await OutstandingPartitions.OfAsync(services, "cost-old"));
    }

    [Fact]
    public async Task A_sync_from_what_this_process_last_wrote_is_refused_when_another_process_synced_since_and_is_done_again()
    {
        await using var here = TestServices.Build(azurite);
        await using var there = TestServices.AnotherProcess(here);
        var ls = Sent("cost-two", Today.AddDays(-30), 7);
        await here.GetRequiredService<LiaisonLedger>().CreateAsync(ls, new HistoryEntry(DateTimeOffset.UtcNow, "import", LiaisonEvent.Imported, "test", "Imported.", ls.State));
        // A reply recorded there: its indexes synced there; what this process kept of them is now old.
        var open = ls.Addressees.First(a => a.Purpose.ExpectsReply() && a.ReplyStatus != ReplyStatus.Received);
        var replied = await there.GetRequiredService<LiaisonLedger>().ChangeAsync("cost-two", (s, c) =>
        {
            c.Upsert(AddresseeEntity.From(s.Id, open with { ReplyStatus = ReplyStatus.Received, RepliedOn = Today }));
            return Verdict.Apply;
        });
        Assert.Equal(ReplyStatus.Received, replied.Current!.Liaison.Addressees.Single(a => a.GroupId == open.GroupId).ReplyStatus);
        // Another change here, whose sync starts from the old keys row: refused by its ETag, read again, done again.
        var changed = await here.GetRequiredService<LiaisonLedger>().ChangeAsync("cost-two", (s, c) => { c.Set(s.Liaison with { Title = "Changed here" }); return Verdict.Apply; });

        Assert.Empty(await here.GetRequiredService<LiaisonIndexes>().DriftAsync(changed.Current!));
        Assert.True(await there.GetRequiredService<LiaisonIndexes>().IsCurrentAsync(changed.Current!));
        Assert.DoesNotContain(await OutstandingPartitions.OfAsync(here, "cost-two"), p => p == $"open|{open.GroupId}");
    }

    /// <summary>An LS sent on <paramref name="sentOn"/> to four groups that owe a reply and one for information; most replied 20–300 days later, if by today.</summary>
    static LiaisonStatement Sent(string id, DateOnly sentOn, int seed)
    {
        var random = new Random(seed);
        return new LiaisonStatement
        {
            Id = id, MeetingId = "tsag-cost", Number = new LsNumber("TSAG", seed + 1), Title = $"LS {id}", SourceBody = "TSAG",
            State = LiaisonState.AwaitingReplies, EndorsedOn = sentOn, DispatchedOn = sentOn, CreatedAt = DateTimeOffset.UtcNow,
            Addressees = [.. Groups.Select((g, k) =>
            {
                var a = Addressee.Create(g, k == 4 ? Purpose.Information : Purpose.Action, Deadline.OnDay(sentOn.AddDays(random.Next(60, 120))));
                var repliedOn = sentOn.AddDays(random.Next(20, 300));
                return a.Purpose.ExpectsReply() && random.Next(5) > 0 && repliedOn <= Today
                    ? a with { ReplyStatus = ReplyStatus.Received, RepliedOn = repliedOn, ReplyReference = $"R-{id}-{k}" }
                    : a;
            })],
        };
    }

    static HashSet<(string, string)> Owed(OutstandingReport report) => [.. report.Rows.Concat(report.WeOwe).Select(r => (r.LiaisonId, r.Group))];
}
