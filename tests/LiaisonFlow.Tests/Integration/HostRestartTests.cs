using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>The orchestration survives the local host being killed, as it survives a Functions host recycling in Azure.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostRestartTests(AzuriteFixture azurite) : TsagHostTest(azurite, "restart")
{
    [Fact]
    public async Task An_LS_awaiting_endorsement_continues_after_the_host_is_killed_and_restarted()
    {
        const string id = "tsag-2017-05-td140";
        using (var rapporteur = Host.Client("dev-rapporteur"))
        {
            Assert.Equal(201, (await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(id))).Status);
            Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{id}/submit")).Status);
            await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");
        }

        await Host.KillAsync();
        await Host.StartAsync();

        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{id}/endorse")).Status);
        var ls = await chair.WaitForStateAsync(id, "AwaitingReplies", TimeSpan.FromSeconds(120));
        Assert.Equal("TSAG-LS8", (string?)ls["number"]);

        var mail = await tsb.WaitForMailAsync(id, NewLiaison.Groups.Length);
        Assert.Equal(NewLiaison.Groups.Length, mail.Count);
        Assert.All(mail, m => Assert.Equal(1, (int)m!["attempts"]!));

        // The stored state moves first; the orchestration's status follows once it has continued as new.
        var status = await Eventually.GetAsync(async () => (await tsb.GetJsonAsync($"api/liaisons/{id}/status")).Body!,
            s => (string?)s["orchestration"]?["customStatus"]?["state"] == "AwaitingReplies", TimeSpan.FromSeconds(120), "the orchestration to wait for replies");
        Assert.Equal("Running", (string?)status["orchestration"]!["runtimeStatus"]);
        // An old execution's activity handed out again after the kill must not take the new one's answer.
        Assert.DoesNotContain("Activity not found", Host.AllOutput);
    }
}
