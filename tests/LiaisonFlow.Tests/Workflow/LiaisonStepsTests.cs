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
