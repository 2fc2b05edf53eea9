using System.Text;
using LiaisonFlow.Inbound;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Tests.Integration;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

/// <summary>
/// Mail that reaches the secretariat's mailbox, not a reply address (forwarded by a group, or written to TSB
/// directly), posted in SendGrid's format to the local host with TSAG May 2017 imported: registered when what
/// it quotes and who sent it point at one LS and one of its groups; otherwise held in the pen with candidates.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InboundMatchTests(AzuriteFixture azurite) : TsagHostTest(azurite, "inbound-match", new Dictionary<string, string>
{
    ["LiaisonFlow__Inbound__Domain"] = SendGridInboundPost.Domain,
}, sendGrid: true)
{
    const string Ls3 = "tsag-2017-05-td117"; // TSAG-LS3, for action by every ITU-T SG
    const string Ls5 = "tsag-2017-05-td104"; // TSAG-LS5, to SG16 and SG17 among others
    const string Mailbox = "tsbtsag@liaisonflow.example";

    [Fact]
    public async Task A_forwarded_reply_without_a_reply_address_is_matched_by_its_subject_and_one_quoting_two_LSs_waits_in_the_pen()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var sendGrid = Host.Client(null);

        // SG17 forwards its reply to TSB's mailbox; the subject spells the LS "TSAG LS 3".
        var forwarded = SendGridInboundPost.Message("ITU-T SG17 <tsbsg17@liaisonflow.example>", Mailbox, "Fwd: TSAG LS 3 - reply of ITU-T SG17 (SG17-LS12)",
            "Forwarded for the record.", "sg17-ls12.forwarded@liaisonflow.example", ("SG17-LS12.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 SG17's reply")));
        var (status, body) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(forwarded));
        Assert.True(status == 201, $"{status}: {body}\n{Host.Output}");
        var id = (string)body!["id"]!;
        Assert.Equal("Registered", (string?)body["status"]);
        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        var sg17 = ls["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg17")!;
        Assert.Equal("Received", (string?)sg17["replyStatus"]);
        Assert.Equal("SG17-LS12", (string?)sg17["replyReference"]);
        Assert.Contains(ls["history"]!.AsArray(), h => (string?)h!["event"] == "ReplyReceived" && ((string?)h["detail"])!.Contains("matched by subject: TSAG-LS3", StringComparison.Ordinal));
        // Acknowledged like a reply by reply address: once.
        Assert.Single((await tsb.GetJsonAsync($"api/mail?liaison={Ls3}")).Body!.AsArray(), m => (string?)m!["key"] == Acknowledgements.Key(id));

        // SG16 writes about the LS in its body only ("LS3 of TSAG"): matched by body.
        var byBody = SendGridInboundPost.Message("tsbsg16@liaisonflow.example", Mailbox, "Our reply (SG16-LS7)",
            "SG16 thanks TSAG for LS3 of TSAG and replies as follows.", "sg16-ls7.body@liaisonflow.example");
        var (bodyStatus, bodyAnswer) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(byBody));
        Assert.True(bodyStatus == 201 && (string?)bodyAnswer!["status"] == "Registered", $"{bodyStatus}: {bodyAnswer}");
        var after = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        Assert.Equal("SG16-LS7", (string?)after["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg16")!["replyReference"]);
        Assert.Contains(after["history"]!.AsArray(), h => ((string?)h!["detail"])!.Contains("matched by body: TSAG-LS3", StringComparison.Ordinal));

        // SG16 writes about two LSs at once: which one it answers is for TSB to say.
        var two = SendGridInboundPost.Message("tsbsg16@liaisonflow.example", Mailbox, "Replies of SG16 to TSAG-LS3 and TSAG-LS5", "Both attached.", "sg16-two@liaisonflow.example");
        var (twoStatus, twoBody) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(two));
        Assert.Equal(201, twoStatus);
        Assert.Equal("Unmatched", (string?)twoBody!["status"]);
        var held = Assert.Single((await tsb.GetJsonAsync("api/inbound?status=unmatched")).Body!.AsArray())!;
        Assert.Equal("AmbiguousMatch", (string?)held["reason"]);
        var candidates = held["candidates"]!.AsArray().Select(c => (string?)c!["liaison"] + " " + (string?)c["group"]).ToList();
        Assert.Contains($"{Ls3} itu-t-sg16", candidates);
        Assert.Contains($"{Ls5} itu-t-sg16", candidates);
        var ls5 = (await tsb.GetJsonAsync($"api/liaisons/{Ls5}")).Body!;
        Assert.Equal("Outstanding", (string?)ls5["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg16")!["replyStatus"]);
    }
}
