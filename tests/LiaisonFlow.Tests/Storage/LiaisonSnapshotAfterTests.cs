using System.Text.Json;
using Azure.Data.Tables;
using LiaisonFlow.Domain;
using LiaisonFlow.Mail;
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
    public async Task An_LS_is_read_in_one_request_and_a_change_to_one_seen_reads_nothing_before_its_guarded_commit()
    {
        var prefix = "u" + Guid.NewGuid().ToString("N")[..10];
        var shared = new Dictionary<string, string?>(Counting) { ["LiaisonFlow:StoragePrefix"] = prefix };
        await using var first = TestServices.Build(azurite, shared);
        await TsagSeed.MeetingAndGroupsAsync(first);
        await TsagSeed.DraftAsync(first, "after-3");
        // Another process on the same store: it has not seen the LS.
        await using var second = TestServices.Build(azurite, shared);
        var counter = second.GetRequiredService<StorageRequestCounter>();
        var liaisons = second.GetRequiredService<StorageNames>().Liaisons;

        var before = counter.Snapshot();
        Assert.NotNull(await second.GetRequiredService<LiaisonStore>().ReadAsync("after-3"));
        Assert.Equal([(StorageOperation.Query, 1L)], OnLiaisons(counter.Snapshot().Minus(before)));

        // Seen once, the LS is read by its record alone: the ETag says the rest is as it was.
        before = counter.Snapshot();
        Assert.NotNull(await second.GetRequiredService<LiaisonStore>().ReadAsync("after-3"));
        Assert.Equal([(StorageOperation.PointRead, 1L)], OnLiaisons(counter.Snapshot().Minus(before)));

        // A change to an LS seen is decided on the snapshot kept, and its commit alone checks it.
        var ledger = second.GetRequiredService<LiaisonLedger>();
        before = counter.Snapshot();
        var once = await ledger.ChangeAsync("after-3", (s, c) => { c.Set(s.Liaison with { Title = "Once" }); return Verdict.Apply; });
        Assert.Equal([(StorageOperation.Transaction, 1L)], OnLiaisons(counter.Snapshot().Minus(before)));
        await AssertSameAsync(second.GetRequiredService<LiaisonStore>(), once);

        // Changed by the other process since: the commit on the old snapshot is refused, the partition read, the change decided again on it.
        await first.GetRequiredService<LiaisonLedger>().ChangeAsync("after-3", (s, c) => { c.Set(s.Liaison with { Subject = "From the first" }); return Verdict.Apply; });
        var seen = new List<string?>();
        before = counter.Snapshot();
        var twice = await ledger.ChangeAsync("after-3", (s, c) => { seen.Add(s.Liaison.Subject); c.Set(s.Liaison with { Title = "Twice" }); return Verdict.Apply; });
        Assert.Equal([once.Current!.Liaison.Subject, "From the first"], seen);
        // (The point read: the index sync finds the markers the other process wrote, is refused, and reads the LS again by its record.)
        Assert.Equal([(StorageOperation.PointRead, 1L), (StorageOperation.Query, 1L), (StorageOperation.Transaction, 2L)], OnLiaisons(counter.Snapshot().Minus(before)));
        Assert.Equal(("Twice", "From the first"), (twice.Current!.Liaison.Title, twice.Current.Liaison.Subject));
        await AssertSameAsync(second.GetRequiredService<LiaisonStore>(), twice);

        // A refusal is never answered from the snapshot kept: it is decided again on a checked read, which here sees
        // the other process's newer change and lets it through.
        await first.GetRequiredService<LiaisonLedger>().ChangeAsync("after-3", (s, c) => { c.Set(s.Liaison with { Subject = "Ready" }); return Verdict.Apply; });
        seen.Clear();
        before = counter.Snapshot();
        var checkedRead = await ledger.ChangeAsync("after-3", (s, c) =>
        {
            seen.Add(s.Liaison.Subject);
            if (s.Liaison.Subject != "Ready") return Verdict.Refuse("not ready", "subject");
            c.Set(s.Liaison with { Title = "Checked" });
            return Verdict.Apply;
        });
        Assert.Equal(["From the first", "Ready"], seen);
        Assert.Equal(ChangeOutcome.Applied, checkedRead.Outcome);
        // The checked read (a point read, then the partition as the ETag moved) and, as above, the index sync's read again.
        Assert.Equal([(StorageOperation.PointRead, 2L), (StorageOperation.Query, 1L), (StorageOperation.Transaction, 1L)], OnLiaisons(counter.Snapshot().Minus(before)).Order());

        IEnumerable<(StorageOperation, long)> OnLiaisons(StorageRequestCounts counts) =>
            counts.Operations.Where(o => o.Resource == liaisons && o.Operation != StorageOperation.CreateTable) // a process's first use makes sure of its table
                .Select(o => (o.Operation, o.Requests));
    }

    [Fact]
    public async Task What_another_process_changed_is_read_whatever_this_one_has_seen()
    {
        var shared = new Dictionary<string, string?> { ["LiaisonFlow:StoragePrefix"] = "u" + Guid.NewGuid().ToString("N")[..10] };
        await using var here = TestServices.Build(azurite, shared);
        await using var there = TestServices.Build(azurite, shared);
        await TsagSeed.MeetingAndGroupsAsync(here);
        await TsagSeed.DraftAsync(here, "after-4");
        var store = here.GetRequiredService<LiaisonStore>();
        var thereLedger = there.GetRequiredService<LiaisonLedger>();
        var at = DateTimeOffset.UtcNow;
        Assert.Equal("LS after-4", (await store.ReadAsync("after-4"))!.Liaison.Title);

        // A change made there.
        await thereLedger.ChangeAsync("after-4", (s, c) =>
        {
            c.Set(s.Liaison with { Title = "Changed there" });
            c.Upsert(MailEntity.Queue(s.Id, MailKind.Dispatch, "b", new LiaisonFlow.Mail.BatchRecipient("mail-4",
                [new LiaisonFlow.Mail.MailRecipient("tsbsg17@liaisonflow.example")], "LS", new Dictionary<string, string>()), "body", null, at));
            c.ForWorkflow = true;
            return Verdict.Apply;
        });
        var read = (await store.ReadAsync("after-4"))!;
        Assert.Equal(("Changed there", MailStatus.Queued), (read.Liaison.Title, read.Mail.Single().State));

        // A mail update there writes only mail rows and a history line, but touches the record: seen here.
        var mail = (await there.GetRequiredService<LiaisonStore>().ReadAsync("after-4"))!.Mail.Single();
        mail.Status = nameof(MailStatus.Sent);
        Assert.True((await thereLedger.UpdateMailAsync("after-4", null, [mail], [new HistoryEntry(at, "mail-4", LiaisonEvent.MailRefused, "test", "line", null)])).Written);
        read = (await store.ReadAsync("after-4"))!;
        Assert.Equal((MailStatus.Sent, true), (read.Mail.Single().State, read.HasHistory("mail-4")));

        // The pending mark cleared there.
        Assert.NotNull(read.Record.PendingSince);
        await thereLedger.MarkHandledAsync((await there.GetRequiredService<LiaisonStore>().ReadAsync("after-4"))!);
        read = (await store.ReadAsync("after-4"))!;
        Assert.Null(read.Record.PendingSince);

        // What a reader changes in its copy is its own: the next read is the LS as stored.
        read.Mail.Single().Status = nameof(MailStatus.Queued);
        read.Record.Title = "Changed in memory only";
        var again = (await store.ReadAsync("after-4"))!;
        Assert.Equal(("Changed there", MailStatus.Sent), (again.Liaison.Title, again.Mail.Single().State));
        Assert.Equal(Shape((await store.ReadPartitionAsync("after-4"))!), Shape(again));
    }

    static async Task AssertSameAsync(LiaisonStore store, ChangeResult result)
    {
        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        var answered = result.Current!;
        var read = (await store.ReadPartitionAsync(answered.Id))!;
        Assert.Equal(Shape(read), Shape(answered));
        // And what the next read in this process answers from what it kept is that LS too.
        Assert.Equal(Shape(read), Shape((await store.ReadAsync(answered.Id))!));
    }

    /// <summary>Every row as stored: its type, keys, ETag and stored properties (not the Timestamp, which only a read knows).</summary>
    static string Shape(LiaisonSnapshot s) => string.Join("\n", s.Rows.Select(r =>
        $"{r.GetType().Name} {r.RowKey} {r.ETag} " + JsonSerializer.Serialize(StoredProperties(r))));

    static Dictionary<string, object?> StoredProperties(ITableEntity row) => row.GetType().GetProperties()
        .Where(p => p.CanWrite && p.Name is not (nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
        .ToDictionary(p => p.Name, p => p.GetValue(row));
}
