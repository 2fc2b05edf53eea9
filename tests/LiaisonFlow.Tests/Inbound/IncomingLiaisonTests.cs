using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

/// <summary>
/// Incoming LSs and the reply chain over HTTP (issue 11, item 7): an incoming LS for action is owed by
/// us, under "we owe", with its deadline; an LS of ours that answers it closes it once sent; an incoming LS
/// that replies to one of ours is registered there as its sender's reply; a chain naming no LS is refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncomingLiaisonTests(AzuriteFixture azurite) : Integration.TsagHostTest(azurite, "incoming")
{
    const string Ls3 = "tsag-2017-05-td117";

    /// <summary>TD66 of the May 2017 meeting, from ITU-T SG2 to TSAG, here asking for action by a date still ahead.</summary>
    static object Td66(string number = "SG2-LS12", string td = "TD66", string? repliesTo = null) => new
    {
        direction = "incoming",
        meetingId = "tsag-2017-05",
        fromGroup = "ITU-T SG2",
        number,
        title = "LS on the assignment of ITU-T E.164 resources",
        td,
        purpose = "Action",
        deadline = "before 30 April 2099",
        responsibleGroup = "TSAG",
        repliesTo,
    };

    /// <summary>A draft of ours, for SG2's information, answering <paramref name="inReplyTo"/>.</summary>
    static object Answer(string id, string inReplyTo) => new
    {
        id,
        meetingId = "tsag-2017-05",
        title = $"Reply to {inReplyTo}",
        addressees = new object[] { new { group = "ITU-T SG2", purpose = "information", deadline = "none" } },
        inReplyTo,
    };

    [Fact]
    public async Task An_incoming_LS_for_action_is_owed_by_us_until_an_LS_of_ours_in_reply_to_it_is_sent()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");

        var (status, incoming, _) = await tsb.PostAsync("api/liaisons", Td66());
        Assert.Equal(201, status);
        var id = (string)incoming!["id"]!;
        Assert.Equal("tsag-2017-05-td66", id);
        Assert.Equal("Incoming", (string?)incoming["direction"]);
        Assert.Equal("Received", (string?)incoming["state"]);
        Assert.Equal("SG2-LS12", (string?)incoming["number"]);
        Assert.Equal("itu-t-sg2", (string?)incoming["fromGroup"]);
        var owing = Assert.Single(incoming["addressees"]!.AsArray())!;
        Assert.Equal("tsag", (string?)owing["group"]);
        Assert.Equal("Outstanding", (string?)owing["replyStatus"]);

        // Under "we owe", with its deadline; not among the replies owed to us.
        var report = (await tsb.GetJsonAsync("api/dashboard/outstanding")).Body!;
        var weOwe = Assert.Single(report["weOwe"]!.AsArray(), r => (string?)r!["liaisonId"] == id)!;
        Assert.Equal("tsag", (string?)weOwe["group"]);
        Assert.Equal("Action", (string?)weOwe["purpose"]);
        Assert.Equal("2099-04-30", (string?)weOwe["deadlineDate"]);
        Assert.Equal("before 30 April 2099", (string?)weOwe["deadlineText"]);
        Assert.DoesNotContain(report["rows"]!.AsArray(), r => (string?)r!["liaisonId"] == id);

        // Our answer names it (by its number) and goes out.
        var answer = "tsag-2017-05-answer-sg2";
        var created = await rapporteur.PostAsync("api/liaisons", Answer(answer, "SG2-LS12"));
        Assert.Equal(201, created.Status);
        Assert.Equal(id, (string?)created.Body!["inReplyTo"]);
        Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{answer}/submit")).Status);
        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{answer}/endorse")).Status);
        var sent = await tsb.WaitForStateAsync(answer, "Dispatched");

        // The chain closes the incoming LS's obligation, with a line on both LSs.
        var answered = await tsb.WaitForStateAsync(id, "Answered");
        Assert.Equal(answer, (string?)answered["answeredBy"]);
        Assert.Equal("Received", (string?)answered["addressees"]![0]!["replyStatus"]);
        Assert.Equal((string?)sent["number"], (string?)answered["addressees"]![0]!["replyReference"]);
        Assert.Contains(answered["history"]!.AsArray(), h => (string?)h!["event"] == "Answered");
        var ours = await Eventually.GetAsync(async () => (await tsb.GetJsonAsync($"api/liaisons/{answer}")).Body!,
            ls => ls["history"]!.AsArray().Any(h => (string?)h!["event"] == "Answered"), what: "the answer's history line");
        Assert.Equal(id, (string?)ours["inReplyTo"]);
        // The chain both ways, each side naming the other by number and title.
        var toIncoming = Assert.Single((await tsb.GetJsonAsync($"api/liaisons/{answer}")).Body!["chain"]!.AsArray())!;
        Assert.Equal(("InReplyTo", id, "SG2-LS12"), ((string?)toIncoming["relation"], (string?)toIncoming["id"], (string?)toIncoming["number"]));
        var toAnswer = Assert.Single((await tsb.GetJsonAsync($"api/liaisons/{id}")).Body!["chain"]!.AsArray())!;
        Assert.Equal(("AnsweredBy", answer, (string?)sent["number"], "Reply to SG2-LS12"),
            ((string?)toAnswer["relation"], (string?)toAnswer["id"], (string?)toAnswer["number"], (string?)toAnswer["title"]));

        var after = (await tsb.GetJsonAsync("api/dashboard/outstanding")).Body!;
        Assert.DoesNotContain(after["weOwe"]!.AsArray(), r => (string?)r!["liaisonId"] == id);
    }

    [Fact]
    public async Task An_incoming_LS_replying_to_TSAG_LS3_registers_SG17s_reply_there()
    {
        using var tsb = Host.Client("dev-secretariat");
        var sg17Reply = new
        {
            direction = "incoming",
            meetingId = "tsag-2017-05",
            fromGroup = "ITU-T SG17",
            number = "SG17-LS12",
            title = "Reply to TSAG-LS3 on open source",
            purpose = "Information",
            repliesTo = "TSAG-LS3",
        };
        var (status, incoming, _) = await tsb.PostAsync("api/liaisons", sg17Reply);
        Assert.Equal(201, status);
        var id = (string)incoming!["id"]!;
        Assert.Equal(Ls3, (string?)incoming["repliesTo"]);
        var toLs3 = Assert.Single(incoming["chain"]!.AsArray())!;
        Assert.Equal(("RepliesTo", Ls3, "TSAG-LS3"), ((string?)toLs3["relation"], (string?)toLs3["id"], (string?)toLs3["number"]));

        var ls3 = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        var sg17 = ls3["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg17")!;
        Assert.Equal("Received", (string?)sg17["replyStatus"]);
        Assert.Equal("SG17-LS12", (string?)sg17["replyReference"]);
        Assert.Contains(id, ls3["repliedBy"]!.AsArray().Select(r => (string?)r));
        Assert.Contains(ls3["chain"]!.AsArray(), l => (string?)l!["relation"] == "RepliedBy" && (string?)l["number"] == "SG17-LS12");
        var reply = Assert.Single(ls3["replies"]!.AsArray(), r => (string?)r!["group"] == "itu-t-sg17")!;
        Assert.True((bool)reply["solicited"]!);

        // Registering it again (a retry) is the same LS, and the same one reply.
        Assert.Equal(200, (await tsb.PostAsync("api/liaisons", sg17Reply)).Status);
        var again = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        Assert.Single(again["replies"]!.AsArray(), r => (string?)r!["group"] == "itu-t-sg17");
        // An incoming LS for information is owed by nobody.
        var report = (await tsb.GetJsonAsync("api/dashboard/outstanding")).Body!;
        Assert.DoesNotContain(report["weOwe"]!.AsArray(), r => (string?)r!["liaisonId"] == id);
    }

    [Fact]
    public async Task A_chain_to_no_LS_is_refused_naming_the_field_and_nothing_is_stored()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var rapporteur = Host.Client("dev-rapporteur");

        var unknown = await rapporteur.PostAsync("api/liaisons", Answer("tsag-2017-05-answer-nobody", "SG2-LS77"));
        Assert.Equal(400, unknown.Status);
        Assert.Contains("SG2-LS77", (string?)unknown.Body!["errors"]!["inReplyTo"]![0]);
        Assert.Equal(404, (await tsb.GetJsonAsync("api/liaisons/tsag-2017-05-answer-nobody")).Status);

        // An LS of ours is no incoming LS to answer.
        var ours = await rapporteur.PostAsync("api/liaisons", Answer("tsag-2017-05-answer-ours", "TSAG-LS3"));
        Assert.Equal(400, ours.Status);
        Assert.NotNull(ours.Body!["errors"]!["inReplyTo"]);

        var badIncoming = await tsb.PostAsync("api/liaisons", new
        {
            direction = "incoming", meetingId = "tsag-2017-05", fromGroup = "Nobody at all", number = "TSAG-LS40",
            purpose = "Applause", deadline = "whenever", repliesTo = "TSAG-LS99",
        });
        Assert.Equal(400, badIncoming.Status);
        Assert.Equal(["deadline", "fromGroup", "number", "purpose", "repliesTo", "title"],
            badIncoming.Body!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        // Registering incoming LSs is TSB's: a rapporteur may not.
        Assert.Equal(403, (await rapporteur.PostAsync("api/liaisons", Td66("SG2-LS13", "TD67"))).Status);
    }

    [Fact]
    public async Task An_incoming_LS_noted_by_the_plenary_is_owed_no_more()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var chair = Host.Client("dev-chair");
        var (status, incoming, _) = await tsb.PostAsync("api/liaisons", Td66("SG2-LS14", "TD68"));
        Assert.Equal(201, status);
        var id = (string)incoming!["id"]!;

        var noted = await chair.PostAsync($"api/liaisons/{id}/note", new { reason = "Noted at the May 2017 meeting." });
        Assert.Equal(202, noted.Status);
        Assert.Equal("Noted", (string?)noted.Body!["state"]);
        Assert.Equal(409, (await chair.PostAsync($"api/liaisons/{id}/endorse")).Status);
        var report = (await tsb.GetJsonAsync("api/dashboard/outstanding")).Body!;
        Assert.DoesNotContain(report["weOwe"]!.AsArray(), r => (string?)r!["liaisonId"] == id);
    }

    [Fact]
    public async Task A_message_in_the_holding_pen_is_registered_as_an_incoming_LS_and_leaves_the_pen()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var sendGrid = Host.Client(null);
        // Sent to the secretariat's mailbox, not to a reply address: it waits in the pen.
        var message = SendGridInboundPost.Message("ITU-T SG2 <tsbsg2@liaisonflow.example>", "tsbtsag@liaisonflow.example",
            "LS on numbering resources for IoT (SG2-LS15)", "SG2 asks TSAG for comments.", "sg2-ls15@liaisonflow.example",
            ("SG2-LS15.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "the LS as SG2 sent it"u8.ToArray()));
        var (posted, body) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(message));
        Assert.True(posted == 201, $"{posted}: {body}");
        var mailId = (string)body!["id"]!;
        Assert.Equal("Unmatched", (string?)body["status"]);

        var (status, incoming, _) = await tsb.PostAsync($"api/inbound/{mailId}/register-incoming", new
        {
            meetingId = "tsag-2017-05", fromGroup = "ITU-T SG2", number = "SG2-LS15", purpose = "Comment", deadline = "before 1 June 2099",
        });
        Assert.True(status == 201, $"{status}: {incoming}");
        Assert.Equal("Received", (string?)incoming!["state"]);
        Assert.Equal("LS on numbering resources for IoT (SG2-LS15)", (string?)incoming["title"]);
        var id = (string)incoming["id"]!;
        // The message's attachment is the incoming LS's document, the same bytes.
        var document = Assert.Single(incoming["documents"]!.AsArray());
        Assert.Equal("SG2-LS15.docx", (string?)document!["fileName"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("the LS as SG2 sent it"u8.ToArray())), (string?)document["sha256"]);
        Assert.Contains(incoming["history"]!.AsArray(), h => (string?)h!["event"] == "DocumentUploaded" && ((string?)h["detail"])!.Contains(mailId));

        var mail = (await tsb.GetJsonAsync($"api/inbound/{mailId}")).Body!;
        Assert.Equal("Registered", (string?)mail["status"]);
        Assert.DoesNotContain((await tsb.GetJsonAsync("api/inbound?status=unmatched")).Body!.AsArray(), m => (string?)m!["id"] == mailId);
        var report = (await tsb.GetJsonAsync("api/dashboard/outstanding")).Body!;
        Assert.Contains(report["weOwe"]!.AsArray(), r => (string?)r!["liaisonId"] == id && (string?)r["purpose"] == "Comment");

        // Out of the pen, it is registered no second time.
        Assert.Equal(409, (await tsb.PostAsync($"api/inbound/{mailId}/register-incoming", new { meetingId = "tsag-2017-05", fromGroup = "ITU-T SG2", number = "SG2-LS15", purpose = "Comment" })).Status);
    }
}
