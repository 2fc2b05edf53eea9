using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

/// <summary>
/// The reply chain's two guarded changes (one per LS): when a crash fell between them, the step of the
/// answering LS makes the link again, and the half already made is not made twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplyChainTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_link_half_made_before_a_crash_is_completed_by_the_step_once()
    {
        await using var services = TestServices.Build(azurite);
        await TsagSeed.MeetingAndGroupsAsync(services);
        var ledger = services.GetRequiredService<LiaisonLedger>();
        var store = services.GetRequiredService<LiaisonStore>();
        var now = DateTimeOffset.UtcNow;

        var incoming = new LiaisonStatement
        {
            Id = "chain-in-sg2-ls12", MeetingId = "tsag-2017-05", Direction = Direction.Incoming, Number = LsNumber.Parse("SG2-LS12"),
            Title = "LS on E.164 resources", SourceBody = "SG2", SenderGroupId = "itu-t-sg2", State = LiaisonState.Received,
            ReceivedOn = new DateOnly(2017, 5, 2), CreatedAt = now, ChasingSince = now,
            Addressees = [Addressee.Create("tsag", Purpose.Action, Deadline.Parse("before 30 April 2099"))],
        };
        await ledger.CreateAsync(incoming, new HistoryEntry(now, "create", LiaisonEvent.Received, "test", "seeded", LiaisonState.Received));
        var answer = (await TsagSeed.DraftAsync(services, "chain-answer", LiaisonState.Endorsed, ("itu-t-sg2", Purpose.Information, "none")));
        await ledger.ChangeAsync(answer.Id, (s, c) => { c.Set(s.Liaison with { InReplyTo = incoming.Id }); return Verdict.Apply; });

        // The first half, as the step had made it before the host died: the incoming LS is answered.
        await ledger.ChangeAsync(incoming.Id, LiaisonChanges.Answer(answer.Id, "TSAG-LS1", new DateOnly(2017, 5, 4),
            new HistoryEntry(now, ReplyChain.AnsweredByKey(answer.Id), LiaisonEvent.Answered, "LiaisonFlow", "Answered by TSAG-LS1.", null)));

        var steps = services.GetRequiredService<LiaisonSteps>();
        var at = new DateTime(2017, 5, 4, 16, 0, 0, DateTimeKind.Utc);
        await steps.AdvanceAsync(new AdvanceRequest(answer.Id, at));
        await steps.AdvanceAsync(new AdvanceRequest(answer.Id, at));

        var answered = (await store.GetDetailsAsync(incoming.Id))!;
        Assert.Equal(LiaisonState.Answered, answered.Liaison.State);
        Assert.Equal(answer.Id, answered.Liaison.AnsweredBy);
        Assert.Null(answered.Liaison.ChasingSince);
        Assert.Equal(ReplyStatus.Received, Assert.Single(answered.Liaison.Addressees).ReplyStatus);
        Assert.Single(answered.History, h => h.Event == LiaisonEvent.Answered);

        var sent = (await store.GetDetailsAsync(answer.Id))!;
        Assert.Equal(LiaisonState.Dispatched, sent.Liaison.State);
        Assert.Single(sent.History, h => h.Event == LiaisonEvent.Answered && h.Key == ReplyChain.AnsweredKey(incoming.Id));
    }
}
