using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiaisonFlow.Tests.Mail;

/// <summary>
/// The transactional outbox on the real Liaisons table in Azurite: a queued mail goes once, a provider
/// outage leaves it queued, a send cut off by a crash goes again with the same Message-ID, a refused
/// copy is recorded as refused and never retried.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MailOutboxTests(AzuriteFixture azurite)
{
    /// <summary>A provider that accepts, refuses, or fails as a whole, and remembers what it was given.</summary>
    sealed class ScriptedTransport : IMailTransport
    {
        public readonly List<MailBatch> Batches = [];
        public Func<int, BatchRecipient, MailDelivery?> Outcome { get; set; } = (_, _) => null;
        public string Name => "Scripted";

        public Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct)
        {
            lock (Batches) Batches.Add(batch);
            var call = Batches.Count;
            if (batch.Recipients.Any(r => r.To.Any(t => t.Email.StartsWith("down@", StringComparison.Ordinal))) && call == 1)
                throw new MailUnavailableException("SendGrid answered 503");
            return Task.FromResult<IReadOnlyDictionary<string, MailDelivery>>(
                batch.Recipients.ToDictionary(r => r.Key, r => Outcome(call, r) ?? MailDelivery.Accept($"id-{call}")));
        }
    }

    static async Task<(ServiceProvider Services, MailOutbox Outbox, ScriptedTransport Transport, LiaisonStore Store, LiaisonLedger Ledger)> MakeAsync(AzuriteFixture azurite, string id)
    {
        var services = TestServices.Build(azurite, new Dictionary<string, string?> { ["LiaisonFlow:Mail:InterruptedAfter"] = "00:00:05" });
        var transport = new ScriptedTransport();
        var outbox = new MailOutbox(transport, services.GetRequiredService<LiaisonLedger>(), TimeProvider.System,
            services.GetRequiredService<IOptions<LiaisonFlowOptions>>(), NullLogger<MailOutbox>.Instance);
        await TsagSeed.DraftAsync(services, id, LiaisonState.AwaitingReplies);
        return (services, outbox, transport, services.GetRequiredService<LiaisonStore>(), services.GetRequiredService<LiaisonLedger>());
    }

    static Task Queue(LiaisonLedger ledger, string id, params (string Key, string Email)[] copies) =>
        ledger.ChangeAsync(id, (s, c) =>
        {
            foreach (var (key, email) in copies)
                c.Upsert(MailEntity.Queue(id, MailKind.Chaser, "round-1", new BatchRecipient(key, [new MailRecipient(email, "SG")], $"Reminder {key}",
                    new Dictionary<string, string>(), MailIds.MessageId(id, key, "liaisonflow.example")), "body", null, DateTimeOffset.UtcNow));
            return Verdict.Apply;
        });

    [Fact]
    public async Task A_queued_batch_goes_in_one_call_and_once_however_often_delivery_runs()
    {
        var (services, outbox, transport, store, ledger) = await MakeAsync(azurite, "outbox-once");
        await using var _ = services;
        await Queue(ledger, "outbox-once", ("chaser|a", "a@liaisonflow.example"), ("chaser|b", "b@liaisonflow.example"));

        var first = await outbox.DeliverAsync((await store.ReadAsync("outbox-once"))!);
        var second = await outbox.DeliverAsync((await store.ReadAsync("outbox-once"))!);

        Assert.Equal(2, first.Handed);
        Assert.Equal(0, second.Handed);
        Assert.Equal(2, Assert.Single(transport.Batches).Recipients.Count);
        var mail = await store.ListMailAsync("outbox-once");
        Assert.All(mail, m => Assert.Equal((MailStatus.Sent, 1, "id-1"), (m.Status, m.Attempts, m.ProviderMessageId)));
    }

    [Fact]
    public async Task A_provider_outage_leaves_the_mail_queued_with_a_retry_time_and_it_goes_later()
    {
        var (services, outbox, transport, store, ledger) = await MakeAsync(azurite, "outbox-down");
        await using var _ = services;
        await Queue(ledger, "outbox-down", ("chaser|down", "down@liaisonflow.example"));

        var failed = await outbox.DeliverAsync((await store.ReadAsync("outbox-down"))!);
        Assert.NotNull(failed.RetryAt);
        var queued = Assert.Single(await store.ListMailAsync("outbox-down"));
        Assert.Equal(MailStatus.Queued, queued.Status);
        Assert.Contains("503", queued.Error);

        await outbox.DeliverAsync((await store.ReadAsync("outbox-down"))!);
        var sent = Assert.Single(await store.ListMailAsync("outbox-down"));
        Assert.Equal((MailStatus.Sent, 2), (sent.Status, sent.Attempts));
        Assert.Equal(2, transport.Batches.Count);
    }

    [Fact]
    public async Task A_send_cut_off_by_a_crash_goes_again_with_the_same_message_id_once_it_is_surely_dead()
    {
        var (services, outbox, transport, store, ledger) = await MakeAsync(azurite, "outbox-cut");
        await using var _ = services;
        await Queue(ledger, "outbox-cut", ("chaser|cut", "cut@liaisonflow.example"));
        // What a crash between the claim and the provider's answer leaves: the row says Sending.
        var claimed = (await store.ReadAsync("outbox-cut"))!.Mail.Single();
        claimed.Status = nameof(MailStatus.Sending);
        claimed.ClaimedAt = DateTimeOffset.UtcNow;
        claimed.Attempts = 1;
        Assert.True((await ledger.UpdateMailAsync("outbox-cut", null, [claimed], [])).Written);

        // Still young: another worker may be inside the call, so it waits.
        var early = await outbox.DeliverAsync((await store.ReadAsync("outbox-cut"))!);
        Assert.Equal(0, early.Handed);
        Assert.NotNull(early.RetryAt);
        Assert.Empty(transport.Batches);

        var resent = await Eventually.GetAsync(async () => await outbox.DeliverAsync((await store.ReadAsync("outbox-cut"))!), r => r.Handed == 1,
            TimeSpan.FromSeconds(30), "the interrupted send to be taken up again");
        Assert.Equal(MailIds.MessageId("outbox-cut", "chaser|cut", "liaisonflow.example"), Assert.Single(Assert.Single(transport.Batches).Recipients).MessageId);
        var mail = Assert.Single(await store.ListMailAsync("outbox-cut"));
        Assert.Equal((MailStatus.Sent, 2), (mail.Status, mail.Attempts));
        Assert.Contains((await store.GetDetailsAsync("outbox-cut"))!.History, h => h.Event == LiaisonEvent.MailResent);
    }

    [Fact]
    public async Task A_batch_of_sixty_cut_off_by_a_crash_is_claimed_again_in_transactions_that_fit_and_sent_once_each()
    {
        var (services, outbox, transport, store, ledger) = await MakeAsync(azurite, "outbox-sixty");
        await using var _ = services;
        // An LS to as many groups as it may have, its one chaser batch claimed and cut off a minute ago:
        // taking it up again writes each copy, a "sent again" line each and the record, more than one transaction holds.
        var copies = Enumerable.Range(1, FieldRules.MaxAddressees).Select(i => ($"chaser|g{i:00}", $"g{i:00}@liaisonflow.example")).ToArray();
        await Queue(ledger, "outbox-sixty", copies);
        var claimed = (await store.ReadAsync("outbox-sixty"))!.Mail.ToList();
        foreach (var row in claimed) (row.Status, row.ClaimedAt, row.Attempts) = (nameof(MailStatus.Sending), DateTimeOffset.UtcNow.AddMinutes(-1), 1);
        Assert.True((await ledger.UpdateMailAsync("outbox-sixty", null, claimed, [])).Written);

        var result = await outbox.DeliverAsync((await store.ReadAsync("outbox-sixty"))!);

        Assert.Equal(FieldRules.MaxAddressees, result.Handed);
        Assert.Equal([MailOutbox.MaxCopiesPerClaim, FieldRules.MaxAddressees - MailOutbox.MaxCopiesPerClaim], transport.Batches.Select(b => b.Recipients.Count));
        Assert.Equal(FieldRules.MaxAddressees, transport.Batches.SelectMany(b => b.Recipients).Select(r => r.Key).Distinct().Count());
        Assert.All(await store.ListMailAsync("outbox-sixty"), m => Assert.Equal((MailStatus.Sent, 2), (m.Status, m.Attempts)));
        Assert.Equal(FieldRules.MaxAddressees, (await store.GetDetailsAsync("outbox-sixty"))!.History.Count(h => h.Event == LiaisonEvent.MailResent));
    }

    [Fact]
    public async Task A_refused_copy_is_recorded_as_refused_in_the_history_and_does_not_hold_back_the_others()
    {
        var (services, outbox, transport, store, ledger) = await MakeAsync(azurite, "outbox-refused");
        await using var _ = services;
        transport.Outcome = (_, r) => r.Key == "chaser|bad" ? MailDelivery.Refuse("Does not contain a valid address.") : null;
        await Queue(ledger, "outbox-refused", ("chaser|bad", "bad@liaisonflow.example"), ("chaser|good", "good@liaisonflow.example"));

        var result = await outbox.DeliverAsync((await store.ReadAsync("outbox-refused"))!);
        await outbox.DeliverAsync((await store.ReadAsync("outbox-refused"))!);

        Assert.Equal(1, result.Refused);
        Assert.Single(transport.Batches);
        var mail = (await store.ListMailAsync("outbox-refused")).ToDictionary(m => m.Key);
        Assert.Equal(MailStatus.Refused, mail["chaser|bad"].Status);
        Assert.Equal("Does not contain a valid address.", mail["chaser|bad"].Error);
        Assert.Equal(MailStatus.Sent, mail["chaser|good"].Status);
        var refusal = Assert.Single((await store.GetDetailsAsync("outbox-refused"))!.History, h => h.Event == LiaisonEvent.MailRefused);
        Assert.Contains("bad@liaisonflow.example", refusal.Detail);
    }
}
