using System.ServiceModel.Syndication;
using System.Xml;
using Azure.Data.Tables;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>The Feed index on Azurite: which history lines it carries, idempotent syncs, and reading the newest events.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FeedIndexTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset May2017 = new(2017, 5, 4, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_dispatch_replies_overdue_notes_escalations_and_closure_become_feed_rows()
    {
        await using var services = TestServices.Build(azurite);
        await CreateAsync(services, "feed-events", "tsag-2017-05");
        // Ticks below the millisecond: the feed's history row key must still be the stored one.
        var at = May2017.AddTicks(1234567);
        await AppendAsync(services, "feed-events", Entry(at, "number", "Numbered", "numbered TSAG-LS8."));
        await AppendAsync(services, "feed-events", Entry(at.AddMinutes(1), "dispatch", "Dispatched", "Sent to 2 group(s).", LiaisonState.Dispatched));
        await AppendAsync(services, "feed-events", Entry(at.AddMinutes(2), "awaiting", "StateChanged", "Waiting for replies.", LiaisonState.AwaitingReplies));
        await AppendAsync(services, "feed-events", Entry(at.AddDays(30), "chasers", "ChasersSent", "Reminded ITU-T SG17 (30 days before)."));
        await AppendAsync(services, "feed-events", Entry(at.AddDays(40), "deadline", "DeadlineChanged", "SG17: new deadline."));
        await AppendAsync(services, "feed-events", Entry(at.AddDays(60), "overdue", "Overdue", "ITU-T SG17 has not replied."));
        await AppendAsync(services, "feed-events", Entry(at.AddDays(74), "escalate", "Escalated", "Told the chair."));
        await AppendAsync(services, "feed-events", Entry(at.AddDays(80), "reply", "ReplyReceived", "ITU-T SG17 replied with SG17-LS12."));
        await AppendAsync(services, "feed-events", Entry(at.AddDays(81), "close", "StateChanged", "Closed: all replied.", LiaisonState.Closed));

        await SyncAsync(services, "feed-events");

        var feed = await services.GetRequiredService<FeedIndex>().LatestAsync(null, 100);
        Assert.Equal(["StateChanged", "ReplyReceived", "Escalated", "Overdue", "Dispatched"], feed.Select(f => f.Event));
        Assert.Equal("Closed", feed[0].State);
        Assert.All(feed, f =>
        {
            Assert.Equal("feed-events", f.LiaisonId);
            Assert.Equal("tsag-2017-05", f.MeetingId);
            Assert.Equal("LS feed-events", f.Title);
            Assert.Null(f.Number);
        });
        Assert.Equal(at.AddMinutes(1), feed[^1].At);
        Assert.Equal("Sent to 2 group(s).", feed[^1].Detail);
        Assert.Equal(["2017-05", "2017-07", "2017-07", "2017-07", "2017-07"], feed.Reverse().Select(f => f.PartitionKey));

        // Each row points at the history line it copies, as stored.
        var liaisons = await services.GetRequiredService<StorageClients>().TableAsync(services.GetRequiredService<StorageNames>().Liaisons);
        var historyKeys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var h in liaisons.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"feed-events"}"), select: ["RowKey"]))
            historyKeys.Add(h.RowKey);
        Assert.All(feed, f => Assert.Contains(f.HistoryRowKey, historyKeys));
        Assert.EndsWith("|dispatch", feed[^1].HistoryRowKey);
    }

    [Fact]
    public async Task Syncing_again_writes_nothing_and_rewriting_lands_on_the_same_rows()
    {
        await using var services = TestServices.Build(azurite);
        await CreateAsync(services, "feed-twice", "tsag-2017-05");
        await AppendAsync(services, "feed-twice", Entry(May2017, "dispatch", "Dispatched", "Sent.", LiaisonState.Dispatched));
        await AppendAsync(services, "feed-twice", Entry(May2017.AddMonths(10), "reply", "ReplyReceived", "SG17 replied."));
        await SyncAsync(services, "feed-twice");
        var first = await AllRowsAsync(services);

        await SyncAsync(services, "feed-twice");
        var second = await AllRowsAsync(services);
        Assert.Equal(first, second); // same keys and ETags: nothing rewritten

        // Without the record of what was written (a crash before it: the next process syncs), the rows are rewritten in place.
        var table = await services.GetRequiredService<StorageClients>().TableAsync(services.GetRequiredService<StorageNames>().Feed);
        await table.DeleteEntityAsync("written", "feed-twice");
        await using (var restarted = TestServices.AnotherProcess(services)) await SyncAsync(restarted, "feed-twice");
        var third = await AllRowsAsync(services);
        Assert.Equal(first.Select(r => r.Key), third.Select(r => r.Key));
        Assert.Equal(2, (await services.GetRequiredService<FeedIndex>().LatestAsync(null, 100)).Count);

        // A new event adds one row and leaves the others as they were.
        await AppendAsync(services, "feed-twice", Entry(May2017.AddMonths(11), "reply2", "ReplyReceived", "SG16 replied."));
        await SyncAsync(services, "feed-twice");
        var fourth = await AllRowsAsync(services);
        var feedRows = third.Where(r => r.Key.StartsWith("2017-") || r.Key.StartsWith("2018-")).ToList();
        Assert.All(feedRows, r => Assert.Contains(r, fourth));
        Assert.Equal(3, (await services.GetRequiredService<FeedIndex>().LatestAsync(null, 100)).Count);
    }

    [Fact]
    public async Task The_latest_events_come_newest_first_across_months_by_meeting_and_up_to_the_maximum()
    {
        await using var services = TestServices.Build(azurite);
        await CreateAsync(services, "feed-a", "tsag-2017-05");
        await CreateAsync(services, "feed-b", "tsag-2018-02");
        var events = new (string Ls, DateTimeOffset At)[]
        {
            ("feed-a", May2017),
            ("feed-b", new(2018, 2, 14, 9, 0, 0, TimeSpan.Zero)),
            ("feed-a", new(2018, 2, 20, 10, 0, 0, TimeSpan.Zero)),
            ("feed-a", new(2018, 2, 28, 23, 59, 59, TimeSpan.Zero)),
            ("feed-b", new(2018, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            ("feed-a", new(2021, 1, 5, 8, 0, 0, TimeSpan.Zero)),
            ("feed-b", new(2021, 1, 4, 8, 0, 0, TimeSpan.Zero)),
        };
        for (var i = 0; i < events.Length; i++)
            await AppendAsync(services, events[i].Ls, Entry(events[i].At, $"reply{i}", "ReplyReceived", $"reply {i}"));
        await SyncAsync(services, "feed-a");
        await SyncAsync(services, "feed-b");
        var feed = services.GetRequiredService<FeedIndex>();

        var all = await feed.LatestAsync(null, 100);
        Assert.Equal(events.OrderByDescending(e => e.At).Select(e => (e.Ls, e.At)), all.Select(f => (f.LiaisonId, f.At)));

        var three = await feed.LatestAsync(null, 3);
        Assert.Equal(all.Take(3).Select(f => f.RowKey), three.Select(f => f.RowKey));
        Assert.Equal(new DateTimeOffset(2018, 3, 1, 0, 0, 0, TimeSpan.Zero), three[^1].At); // the second month read, cut short

        var meetingA = await feed.LatestAsync("tsag-2017-05", 100);
        Assert.Equal(events.Where(e => e.Ls == "feed-a").OrderByDescending(e => e.At).Select(e => e.At), meetingA.Select(f => f.At));
        Assert.All(meetingA, f => Assert.Equal("feed-a", f.LiaisonId));
        Assert.Equal(2, (await feed.LatestAsync("tsag-2018-02", 2)).Count);
        Assert.Empty(await feed.LatestAsync("no-such-meeting", 100));
        Assert.Empty(await feed.LatestAsync(null, 0));
    }

    [Fact]
    public async Task An_LS_numbered_after_its_first_event_shows_its_number_in_the_feed()
    {
        await using var services = TestServices.Build(azurite);
        await CreateAsync(services, "feed-numbered", "tsag-2017-05");
        await AppendAsync(services, "feed-numbered", Entry(May2017, "dispatch", "Dispatched", "Sent to 1 group(s).", LiaisonState.Dispatched));
        await SyncAsync(services, "feed-numbered");
        var feed = services.GetRequiredService<FeedIndex>();
        Assert.Null(Assert.Single(await feed.LatestAsync(null, 100)).Number);
        Assert.StartsWith("feed-numbered dispatched: ", Assert.Single(Atom(await feed.LatestAsync(null, 100)).Items).Title.Text);

        await services.GetRequiredService<LiaisonLedger>().ChangeAsync("feed-numbered", (_, c) =>
        {
            c.Record.Number = "TSAG-LS9";
            c.History(Entry(May2017.AddMinutes(5), "number", "Numbered", "numbered TSAG-LS9."));
            return Verdict.Apply;
        });
        await SyncAsync(services, "feed-numbered");

        var row = Assert.Single(await feed.LatestAsync(null, 100));
        Assert.Equal("TSAG-LS9", row.Number);
        var item = Assert.Single(Atom([row]).Items);
        Assert.Equal("TSAG-LS9 dispatched: Sent to 1 group(s).", item.Title.Text);
        Assert.Equal("TSAG-LS9 LS feed-numbered. Sent to 1 group(s).", ((TextSyndicationContent)item.Summary).Text);
        Assert.Equal($"urn:liaisonflow:feed-numbered:{Uri.EscapeDataString(row.HistoryRowKey)}", item.Id);
    }

    [Fact]
    public async Task An_LS_imported_as_already_sent_starts_the_feed_and_a_draft_does_not()
    {
        await using var services = TestServices.Build(azurite);
        foreach (var (id, state) in new[] { ("feed-import-sent", LiaisonState.AwaitingReplies), ("feed-import-draft", LiaisonState.Draft) })
        {
            var ls = new LiaisonStatement
            {
                Id = id, MeetingId = "feed-import", Title = $"LS {id}", SourceBody = "TSAG", State = state, CreatedAt = May2017,
                Addressees = [Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.Parse("before 28 February 2018"))],
            };
            Assert.Equal(ChangeOutcome.Applied, (await services.GetRequiredService<LiaisonLedger>().CreateAsync(ls, Entry(May2017, "import", "Imported", $"Imported in state {state}.", state))).Outcome);
            await SyncAsync(services, id);
        }

        var feed = await services.GetRequiredService<FeedIndex>().LatestAsync("feed-import", 100);
        var row = Assert.Single(feed);
        Assert.Equal(("feed-import-sent", "Imported"), (row.LiaisonId, row.Event));
    }

    static async Task CreateAsync(IServiceProvider services, string id, string meetingId)
    {
        var ls = new LiaisonStatement
        {
            Id = id,
            MeetingId = meetingId,
            Title = $"LS {id}",
            SourceBody = "TSAG",
            State = LiaisonState.Dispatched,
            CreatedAt = May2017,
            Addressees = [Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.Parse("before 28 February 2018"))],
        };
        Assert.Equal(ChangeOutcome.Applied, (await services.GetRequiredService<LiaisonLedger>().CreateAsync(ls, Entry(May2017.AddHours(-1), "seed", "Created", "seeded", LiaisonState.Dispatched))).Outcome);
    }

    static HistoryEntry Entry(DateTimeOffset at, string key, string @event, string detail, LiaisonState? state = null) =>
        new(at, key, Enum.Parse<LiaisonEvent>(@event), "test", detail, state);

    /// <summary>A history line, written as every change is: through the ledger (which brings the indexes in step).</summary>
    static Task AppendAsync(IServiceProvider services, string id, HistoryEntry entry) =>
        services.GetRequiredService<LiaisonLedger>().ChangeAsync(id, (_, c) =>
        {
            c.History(entry);
            return Verdict.Apply;
        });

    static async Task SyncAsync(IServiceProvider services, string id) =>
        await services.GetRequiredService<LiaisonIndexes>().SyncAsync((await services.GetRequiredService<LiaisonStore>().ReadAsync(id))!);

    /// <summary>Every row of the Feed table (month rows, markers, fingerprints) as "partition/row" with its ETag.</summary>
    static async Task<List<KeyValuePair<string, string>>> AllRowsAsync(IServiceProvider services)
    {
        var table = await services.GetRequiredService<StorageClients>().TableAsync(services.GetRequiredService<StorageNames>().Feed);
        var rows = new List<KeyValuePair<string, string>>();
        await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(KeyValuePair.Create($"{row.PartitionKey}/{row.RowKey}", row.ETag.ToString()));
        return rows;
    }

    static SyndicationFeed Atom(IEnumerable<FeedEntity> rows)
    {
        var bytes = LiaisonEventFeed.Write(rows, "urn:liaisonflow:feed", "http://127.0.0.1:7071/api/feed.atom", id => $"http://127.0.0.1:7071/api/liaisons/{id}", May2017);
        using var xml = XmlReader.Create(new MemoryStream(bytes));
        return SyndicationFeed.Load(xml);
    }
}
