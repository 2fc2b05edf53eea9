using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>With an API key set, dispatch goes through the real SendGrid client to a listener on loopback.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SendGridDispatchTests(AzuriteFixture azurite) : TsagHostTest(azurite, "sendgrid", sendGrid: true)
{
    [Fact]
    public async Task Dispatch_posts_one_v3_mail_send_per_group_with_the_LS_number_and_reply_address()
    {
        const string id = "tsag-2017-05-td150";
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        Assert.Empty(SendGrid!.Requests); // the import sent nothing

        await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(id));
        await rapporteur.PostAsync($"api/liaisons/{id}/submit");
        await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");
        await chair.PostAsync($"api/liaisons/{id}/endorse");
        await chair.WaitForStateAsync(id, "AwaitingReplies");
        await tsb.WaitForMailAsync(id, NewLiaison.Groups.Length);

        var requests = SendGrid!.Requests.ToList();
        Assert.Equal(NewLiaison.Groups.Length, requests.Count);
        Assert.All(requests, r => Assert.Equal("Bearer SG.test-key", r.Authorization));
        // The SendGrid client puts custom args on the personalization.
        static string? Arg(System.Text.Json.Nodes.JsonNode body, string name) =>
            (string?)(body["custom_args"]?[name] ?? body["personalizations"]![0]!["custom_args"]?[name]);
        var byKey = requests.ToDictionary(r => Arg(r.Body, "mailKey")!);
        Assert.Equal(NewLiaison.Groups.Select(g => $"dispatch|{g}"), byKey.Keys.Order());

        var sg17 = byKey["dispatch|itu-t-sg17"].Body;
        Assert.Equal("tsbsg17@liaisonflow.example", (string?)sg17["personalizations"]![0]!["to"]![0]!["email"]);
        Assert.Equal("tsbtsag@liaisonflow.example", (string?)sg17["reply_to"]!["email"]);
        Assert.Equal(id, Arg(sg17, "liaisonId"));
        var subject = (string?)sg17["subject"] ?? (string?)sg17["personalizations"]![0]!["subject"];
        Assert.StartsWith("TSAG-LS8: LS on the use of open source", subject);
        var text = (string?)sg17["content"]![0]!["value"];
        Assert.Contains("for action", text);
        Assert.Contains("before 28 February 2030 (28 February 2030, end of day Geneva time)", text);
        Assert.Contains("reply as a liaison statement to tsbtsag@liaisonflow.example, quoting TSAG-LS8", text);

        var log = await tsb.WaitForMailAsync(id);
        Assert.All(log, m =>
        {
            Assert.Equal("SendGrid", (string?)m!["transport"]);
            Assert.StartsWith("msg-", (string?)m["providerMessageId"]);
        });
    }
}
