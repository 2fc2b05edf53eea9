using LiaisonFlow.Domain;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

/// <summary>Activities run at least once: running a step again must change nothing and send nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiaisonStepsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Advancing_an_endorsed_LS_twice_numbers_and_dispatches_once_and_sends_each_group_one_mail()
    {
        await using var services = TestServices.Build(azurite);
        await TsagSeed.MeetingAndGroupsAsync(services);
        await TsagSeed.DraftAsync(services, "steps-dispatch", LiaisonState.Endorsed);
        var steps = services.GetRequiredService<LiaisonSteps>();
        var at = new DateTime(2017, 5, 4, 16, 0, 0, DateTimeKind.Utc);

        var first = await steps.AdvanceAsync(new AdvanceRequest("steps-dispatch", at));
        var second = await steps.AdvanceAsync(new AdvanceRequest("steps-dispatch", at));

        Assert.Equal(LiaisonState.AwaitingReplies, first.State);
        Assert.Equal(first.State, second.State);
        var store = services.GetRequiredService<LiaisonStore>();
        var mail = await store.ListMailAsync("steps-dispatch");
        Assert.Equal(["dispatch|itu-t-sg16", "dispatch|itu-t-sg17"], mail.Select(m => m.Key).Order());
        Assert.All(mail, m => Assert.Equal((MailStatus.Sent, 1), (m.Status, m.Attempts)));
        var details = (await store.GetDetailsAsync("steps-dispatch"))!;
        Assert.Equal("TSAG-LS1", details.Liaison.Number?.ToString());
        Assert.Single(details.History, h => h.Event == LiaisonEvent.Dispatched);
        Assert.Single(details.History, h => h.Event == LiaisonEvent.Numbered);
        Assert.NotNull(details.Liaison.DispatchedOn);
    }

    /// <summary>
    /// TSAG-LS3's last chaser round (7 days after 12 March 2018) and, a minute later, its escalation: the round's mail
    /// takes two minutes to go. The step looked before the escalation was due and tells its wake after: the escalation
    /// is then due and not done, and nothing later is due. That wake was none at all, and the LS slept until a nudge.
    /// </summary>
    [Fact]
    public async Task What_falls_due_while_a_step_sends_its_mail_is_done_by_the_next_step_at_once()
    {
        var dayStart = new DateTimeOffset(2018, 3, 11, 23, 0, 0, TimeSpan.Zero); // 12 March in Geneva
        var clock = new ManualClock(dayStart + TimeSpan.FromDays(7));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        TestServices.Add(services, TestServices.Configuration(azurite, new Dictionary<string, string?>
        {
            ["LiaisonFlow:Chasers:EscalationAfter"] = "6.00:01:00", // from the end of 12 March: a minute after the last round
        }));
        services.AddSingleton<IMailTransport>(sp => new SlowTransport(sp.GetRequiredService<OutboxTransport>(), clock, TimeSpan.FromMinutes(2)));
        await using var provider = services.BuildServiceProvider();
        await TsagSeed.MeetingAndGroupsAsync(provider);
        var seeded = await TsagSeed.DraftAsync(provider, "steps-escalation", LiaisonState.AwaitingReplies, ("itu-t-sg17", Purpose.Action, "before 12 March 2018"));
        await provider.GetRequiredService<LiaisonLedger>().ChangeAsync(seeded.Id, (s, c) =>
        {
            c.Set(s.Liaison with { ChasingSince = dayStart - TimeSpan.FromDays(40) });
            return Verdict.Apply;
        });
        var steps = provider.GetRequiredService<LiaisonSteps>();
        var store = provider.GetRequiredService<LiaisonStore>();

        var round = await steps.AdvanceAsync(new AdvanceRequest(seeded.Id, clock.GetUtcNow().UtcDateTime));
        var afterRound = await store.ListMailAsync(seeded.Id);
        Assert.Equal(["chaser|itu-t-sg17|20180312|604800"], afterRound.Select(m => m.Key));
        Assert.True(round.NextWakeUtc is { } wake && wake <= clock.GetUtcNow().UtcDateTime,
            $"the escalation fell due while the round's mail went ({clock.GetUtcNow():O}); the step asked to wake at {round.NextWakeUtc:O}");

        await steps.AdvanceAsync(new AdvanceRequest(seeded.Id, clock.GetUtcNow().UtcDateTime));
        var escalation = Assert.Single(await store.ListMailAsync(seeded.Id), m => m.Kind == MailKind.Escalation);
        Assert.Equal((MailStatus.Sent, 1), (escalation.Status, escalation.Attempts));
    }

    /// <summary>The outbox, with the clock moved on while each batch goes.</summary>
    sealed class SlowTransport(IMailTransport inner, ManualClock clock, TimeSpan takes) : IMailTransport
    {
        public string Name => inner.Name;

        public async Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct)
        {
            var sent = await inner.SendAsync(batch, ct);
            clock.Advance(takes);
            return sent;
        }
    }

    [Fact]
    public async Task Numbers_handed_out_concurrently_are_distinct_and_consecutive()
    {
        await using var services = TestServices.Build(azurite);
        var registry = services.GetRequiredService<LsNumberRegistry>();
        Assert.Equal(NumberReservation.Reserved, await registry.ReserveAsync("m1", LsNumber.Parse("TSAG-LS7"), "ls7"));

        var ids = Enumerable.Range(0, 12).Select(i => $"ls-{i}").ToArray();
        var numbers = await Task.WhenAll(ids.Select(id => registry.AssignNextAsync("m1", "TSAG", id)));
        var retried = await Task.WhenAll(ids.Select(id => registry.AssignNextAsync("m1", "TSAG", id)));

        Assert.Equal(Enumerable.Range(8, 12), numbers.Select(n => n.Sequence).Order());
        Assert.Equal(numbers, retried);
        Assert.Equal(NumberReservation.TakenByAnother, await registry.ReserveAsync("m1", LsNumber.Parse("TSAG-LS08"), "someone-else"));
        Assert.Equal(NumberReservation.LiaisonHasAnother, await registry.ReserveAsync("m1", LsNumber.Parse("TSAG-LS99"), "ls7"));

        // Each meeting numbers its own LSs.
        Assert.Equal(1, (await registry.AssignNextAsync("m2", "TSAG", "next-meeting-ls")).Sequence);
    }
}
