using System.Text.Json;
using Azure.Data.Tables;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>
/// The ledger answers each change with the LS as stored after it, built from what it read and what it
/// committed instead of a second read: it must be the LS a fresh read gives, row for row, ETags included
/// (the next change is guarded by them). And an LS is read in one request.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiaisonSnapshotAfterTests(AzuriteFixture azurite)
{
    static readonly Dictionary<string, string?> Counting = new() { ["LiaisonFlow:CountStorageRequests"] = "true" };

    [Fact]
    public async Task Every_kind_of_change_answers_the_LS_a_fresh_read_gives()
    {
        await using var services = TestServices.Build(azurite, Counting);
        await TsagSeed.MeetingAndGroupsAsync(services);
        var ledger = services.GetRequiredService<LiaisonLedger>();
        var store = services.GetRequiredService<LiaisonStore>();
        // Geneva time, not UTC: the table keeps the instant, and the snapshot must read as the table does.
        var geneva = new DateTimeOffset(2017, 5, 4, 17, 0, 0, TimeSpan.FromHours(2));

        var ls = new LiaisonStatement
        {
            Id = "after-1", MeetingId = "tsag-2017-05", Title = "LS after", SourceBody = "TSAG", State = LiaisonState.Draft, CreatedAt = geneva,
            Addressees = [Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.Parse("before 28 February 2030")), Addressee.Create("itu-t-sg16", Purpose.Comment, Deadline.None)],
        };
        await AssertSameAsync(store, await ledger.CreateAsync(ls, new HistoryEntry(geneva, "create", LiaisonEvent.Created, "test", "seeded", LiaisonState.Draft)));

        // A draft edit that drops an addressee (a delete in the transaction).
        await AssertSameAsync(store, await ledger.ChangeAsync(ls.Id, (s, c) =>
        {
            c.Set(s.Liaison with { Title = "LS after, edited", Addressees = [s.Liaison.Addressees[0]] });
            c.Delete(new AddresseeEntity { PartitionKey = s.Id, RowKey = "addressee|itu-t-sg16" });
            return Verdict.Apply;
        }));
        await AssertSameAsync(store, await ledger.ChangeAsync(ls.Id, LiaisonChanges.AddDocument(
            new LiaisonDocument("TD130R1.docx", 12, "application/octet-stream", new string('a', 64), geneva, "test", "after-1/x"),
            new HistoryEntry(geneva, "document:TD130R1.docx", LiaisonEvent.DocumentUploaded, "test", "uploaded", null))));
        await AssertSameAsync(store, await ledger.ChangeAsync(ls.Id, (s, c) =>
        {
            c.Set(s.Liaison with { State = LiaisonState.AwaitingReplies, Number = LsNumber.Parse("TSAG-LS40"), DispatchedOn = new DateOnly(2017, 5, 5) });
            c.History(new HistoryEntry(geneva, "dispatch", LiaisonEvent.Dispatched, "test", "sent", LiaisonState.AwaitingReplies));
            c.Upsert(MailEntity.Queue(s.Id, MailKind.Dispatch, "dispatch|itu-t-sg17", new LiaisonFlow.Mail.BatchRecipient("dispatch|itu-t-sg17",
                [new LiaisonFlow.Mail.MailRecipient("tsbsg17@liaisonflow.example")], "LS", new Dictionary<string, string>()), "body", null, geneva));
            c.Upsert(TrackEntity.From(s.Id, new TrackedStep("chaser|itu-t-sg17|-2592000", TrackOutcome.Sent, geneva)));
            return Verdict.Apply;
        }));
        // A reply with its document: the reply's document row is not part of a snapshot, in memory or read.
        var reply = new Reply("itu-t-sg17", "ITU-T SG17", "SG17-LS12", new DateOnly(2018, 2, 26), null, "SG17-LS12.pdf", true, geneva, "test");
        var document = new LiaisonDocument("SG17-LS12.pdf", 3, "application/pdf", new string('b', 64), geneva, "test", "after-1/replies/y");
        var replied = await ledger.ChangeAsync(ls.Id, LiaisonChanges.RecordReply(reply, new HistoryEntry(geneva, "reply:sg17", LiaisonEvent.ReplyReceived, "test", "replied", null), document, null));
        await AssertSameAsync(store, replied);
        Assert.Single(replied.Current!.Details.Documents); // the TD only

        // The next change, decided on the answered snapshot, is guarded by the ETag it carries: it commits at once.
        await AssertSameAsync(store, await ledger.ChangeAsync(replied.Current!, LiaisonChanges.CloseAllReplied(geneva)));
    }

    [Fact]
    public async Task A_change_decided_on_an_old_read_loses_to_the_newer_change_and_decides_again()
    {
        await using var services = TestServices.Build(azurite);
        await TsagSeed.MeetingAndGroupsAsync(services);
        var ledger = services.GetRequiredService<LiaisonLedger>();
        var store = services.GetRequiredService<LiaisonStore>();
        await TsagSeed.DraftAsync(services, "after-2");
        var old = (await store.ReadAsync("after-2"))!;
        await ledger.ChangeAsync("after-2", (s, c) => { c.Set(s.Liaison with { Title = "Newer title" }); return Verdict.Apply; });

        var seen = new List<int>();
        var result = await ledger.ChangeAsync(old, (s, c) =>
        {
            seen.Add(s.Version);
            c.Set(s.Liaison with { Subject = "Subject" });
            return Verdict.Apply;
        });

        Assert.Equal([old.Version, old.Version + 1], seen);
        Assert.Equal(("Newer title", "Subject"), (result.Current!.Liaison.Title, result.Current.Liaison.Subject));
        Assert.Equal(1, old.Version); // the old read is left as it was
        await AssertSameAsync(store, result);
    }

    [Fact]
    public async Task An_LS_is_read_in_one_request_and_a_change_reads_it_once()
    {
        await using var services = TestServices.Build(azurite, Counting);
        await TsagSeed.MeetingAndGroupsAsync(services);
        var ledger = services.GetRequiredService<LiaisonLedger>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var liaisons = services.GetRequiredService<StorageNames>().Liaisons;
        await TsagSeed.DraftAsync(services, "after-3");

        var before = counter.Snapshot();
        Assert.NotNull(await services.GetRequiredService<LiaisonStore>().ReadAsync("after-3"));
        Assert.Equal(1, OnLiaisons(counter.Snapshot().Minus(before)).Requests);

        before = counter.Snapshot();
        await ledger.ChangeAsync("after-3", (s, c) => { c.Set(s.Liaison with { Title = "Once" }); return Verdict.Apply; });
        var change = OnLiaisons(counter.Snapshot().Minus(before));
        Assert.Equal([(StorageOperation.Query, 1L), (StorageOperation.Transaction, 1L)], change.Operations.Select(o => (o.Operation, o.Requests)));

        StorageRequestCounts OnLiaisons(StorageRequestCounts counts) => new([.. counts.Operations.Where(o => o.Resource == liaisons)]);
    }

    static async Task AssertSameAsync(LiaisonStore store, ChangeResult result)
    {
        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        var answered = result.Current!;
        var read = (await store.ReadAsync(answered.Id))!;
        Assert.Equal(Shape(read), Shape(answered));
    }

    /// <summary>Every row as stored: its type, keys, ETag and stored properties (not the Timestamp, which only a read knows).</summary>
    static string Shape(LiaisonSnapshot s) => string.Join("\n", s.Rows.Select(r =>
        $"{r.GetType().Name} {r.RowKey} {r.ETag} " + JsonSerializer.Serialize(StoredProperties(r))));

    static Dictionary<string, object?> StoredProperties(ITableEntity row) => row.GetType().GetProperties()
        .Where(p => p.CanWrite && p.Name is not (nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
        .ToDictionary(p => p.Name, p => p.GetValue(row));
}
