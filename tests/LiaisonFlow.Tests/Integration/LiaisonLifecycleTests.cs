using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>A new LS from draft to dispatch over HTTP, with the roles enforced.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiaisonLifecycleTests(AzuriteFixture azurite) : TsagHostTest(azurite, "life")
{
    [Fact]
    public async Task Draft_submit_endorse_dispatches_one_mail_per_group_and_numbers_it_after_LS7()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        const string id = "tsag-2017-05-td130";

        var created = await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(id));
        Assert.Equal(201, created.Status);
        Assert.Equal("Draft", (string?)created.Body!["state"]);
        Assert.Equal(NewLiaison.Groups, created.Body["addressees"]!.AsArray().Select(a => (string)a!["group"]!).Order());
        var sg16 = created.Body["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg16")!;
        Assert.Equal("2030-03-12", (string?)sg16["deadline"]!["date"]);

        Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{id}/submit")).Status);
        await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");

        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{id}/endorse")).Status);
        var dispatched = await chair.WaitForStateAsync(id, "AwaitingReplies");
        Assert.Equal("TSAG-LS8", (string?)dispatched["number"]);
        Assert.NotNull(dispatched["endorsedOn"]);
        Assert.NotNull(dispatched["dispatchedOn"]);

        var mail = await tsb.WaitForMailAsync(id, NewLiaison.Groups.Length);
        Assert.Equal(NewLiaison.Groups.Select(g => $"dispatch|{g}"), mail.Select(m => (string)m!["key"]!).Order());
        Assert.All(mail, m =>
        {
            Assert.Equal("Sent", (string?)m!["status"]);
            Assert.Equal(1, (int)m["attempts"]!);
            Assert.StartsWith("TSAG-LS8: LS on the use of open source", (string?)m["subject"]);
        });
        var sg17 = mail.Single(m => (string?)m!["key"] == "dispatch|itu-t-sg17")!;
        Assert.Contains("for action, reply before 28 February 2030", (string?)sg17["subject"]);
        Assert.Equal("tsbsg17@liaisonflow.example", (string?)sg17["to"]![0]);

        var history = dispatched["history"]!.AsArray().Select(h => (string?)h!["event"]).ToList();
        Assert.Equal(["Created", "StateChanged", "StateChanged", "Numbered", "Dispatched", "StateChanged"], history);
    }

    [Fact]
    public async Task Roles_are_enforced_401_without_a_key_and_403_for_the_wrong_role()
    {
        using var anonymous = Host.Client(null);
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var wrongKey = Host.Client("not-a-key");
        const string id = "tsag-2017-05-td131";

        var none = await anonymous.PostAsync("api/liaisons", NewLiaison.Draft(id));
        Assert.Equal(401, none.Status);
        Assert.Equal("application/problem+json", none.ContentType);
        Assert.Equal(401, (await wrongKey.GetJsonAsync("api/liaisons")).Status);
        Assert.Equal(403, (await chair.PostAsync("api/liaisons", NewLiaison.Draft(id))).Status);
        Assert.Equal(403, (await rapporteur.PostAsync("api/meetings/import", "{}")).Status);
        Assert.Equal(403, (await rapporteur.GetJsonAsync("api/mail")).Status);

        Assert.Equal(201, (await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(id))).Status);
        Assert.Equal(403, (await chair.PostAsync($"api/liaisons/{id}/submit")).Status);
        Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{id}/submit")).Status);
        await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");

        var forbidden = await rapporteur.PostAsync($"api/liaisons/{id}/endorse");
        Assert.Equal(403, forbidden.Status);
        Assert.Contains("Chair", (string?)forbidden.Body!["detail"]);
        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{id}/hold")).Status);
        await chair.WaitForStateAsync(id, "Held");
    }

    [Fact]
    public async Task Rejected_and_withdrawn_LSs_end_their_orchestration_and_send_nothing()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");

        await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft("tsag-2017-05-td132"));
        await rapporteur.PostAsync("api/liaisons/tsag-2017-05-td132/submit");
        await rapporteur.WaitForStateAsync("tsag-2017-05-td132", "AwaitingEndorsement");
        await chair.PostAsync("api/liaisons/tsag-2017-05-td132/reject", new { reason = "Overtaken by TD117R1." });
        await chair.WaitForStateAsync("tsag-2017-05-td132", "Rejected");

        await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft("tsag-2017-05-td133"));
        await rapporteur.PostAsync("api/liaisons/tsag-2017-05-td133/withdraw");
        await rapporteur.WaitForStateAsync("tsag-2017-05-td133", "Withdrawn");

        foreach (var id in new[] { "tsag-2017-05-td132", "tsag-2017-05-td133" })
        {
            var status = await Eventually.GetAsync(
                async () => (await tsb.GetJsonAsync($"api/liaisons/{id}/status")).Body!,
                s => (string?)s["orchestration"]?["runtimeStatus"] == "Completed", what: $"{id}'s orchestration to complete");
            Assert.NotNull(status);
            Assert.Empty((await tsb.GetJsonAsync($"api/mail?liaison={id}")).Body!.AsArray());
        }
        var reasons = (await tsb.GetJsonAsync("api/liaisons/tsag-2017-05-td132")).Body!["history"]!.AsArray().Select(h => (string?)h!["detail"]);
        Assert.Contains("Reject: Overtaken by TD117R1.", reasons);
    }

    [Fact]
    public async Task Endorsing_with_a_number_uses_it_and_a_taken_number_is_refused()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        const string id = "tsag-2017-05-td134";
        await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(id));
        await rapporteur.PostAsync($"api/liaisons/{id}/submit");
        await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");

        var taken = await chair.PostAsync($"api/liaisons/{id}/endorse", new { number = "TSAG-LS03" });
        Assert.Equal(409, taken.Status);
        Assert.Contains("tsag-2017-05-td117", (string?)taken.Body!["detail"]);
        var wrongSeries = await chair.PostAsync($"api/liaisons/{id}/endorse", new { number = "SG17-LS12" });
        Assert.Equal(400, wrongSeries.Status);
        Assert.NotNull(wrongSeries.Body!["errors"]!["number"]);

        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{id}/endorse", new { number = "TSAG-LS20" })).Status);
        var ls = await chair.WaitForStateAsync(id, "AwaitingReplies");
        Assert.Equal("TSAG-LS20", (string?)ls["number"]);
    }
}
