using System.Text;
using LiaisonFlow.Inbound;
using LiaisonFlow.Tests.Faults;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

/// <summary>
/// A kill -9 right after an inbound mail and its record are stored, before it is processed or answered:
/// after the restart the recovery sweep registers it, once, with one acknowledgement; SendGrid's redelivery
/// (it had no answer) finds the same record and changes nothing.
/// </summary>
[Collection(FaultAzuriteCollection.Name)]
public sealed class InboundFaultTests(AzuriteFixture azurite)
{
    const string Ls3 = "tsag-2017-05-td117";

    [Fact]
    public async Task A_mail_stored_when_the_host_died_is_registered_once_after_the_restart()
    {
        await using var run = await FaultRun.StartAsync(azurite, nameof(Hosting.FaultPoint.InboundStored), new Dictionary<string, string>
        {
            ["LiaisonFlow__Inbound__Domain"] = SendGridInboundPost.Domain,
        });
        var replyTo = SendGridInboundPost.Addresses.For(Ls3, "itu-t-sg17")!.Email;
        const string messageId = "sg17-ls12.fault@liaisonflow.example";
        var message = SendGridInboundPost.Message("tsbsg17@liaisonflow.example", replyTo, "Re: TSAG-LS3 (SG17-LS12)", "SG17 replies.", messageId,
            ("SG17-LS12.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 fault")));
        using var sendGrid = run.Host.Client(null);

        await run.KilledByAsync(() => SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(message)));

        var id = InboundStore.IdOf(messageId, "");
        using var tsb = run.Tsb;
        await Eventually.GetAsync(async () => (await tsb.GetJsonAsync($"api/inbound/{id}")).Body!, m => (string?)m["status"] == "Registered",
            TimeSpan.FromSeconds(90), "the stored mail to be registered by the recovery sweep");
        var (status, body) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(message));
        Assert.Equal(200, status);
        Assert.Equal(id, (string?)body!["id"]);

        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        Assert.Equal("SG17-LS12", (string?)Assert.Single(ls["replies"]!.AsArray())!["reference"]);
        await run.MailOnceAsync(Ls3, 1, only: key => key == Acknowledgements.Key(id));
        await run.ConsistentAsync();
    }
}
