using System.Text;
using System.Text.Json.Nodes;
using LiaisonFlow.Inbound;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Tests.Integration;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

/// <summary>
/// Mail built with MimeKit and posted in SendGrid Inbound Parse's format to the local host (TSAG May 2017
/// imported, reply addresses on, SendGrid on a loopback listener so every mail sent is seen).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InboundMailTests(AzuriteFixture azurite) : TsagHostTest(azurite, "inbound", new Dictionary<string, string>
{
    ["LiaisonFlow__Inbound__Domain"] = SendGridInboundPost.Domain,
}, sendGrid: true)
{
    const string Ls3 = "tsag-2017-05-td117"; // TSAG-LS3, for action by every ITU-T SG
    const string Sg17 = "tsbsg17@liaisonflow.example";

    static readonly ReplyAddresses Addresses = SendGridInboundPost.Addresses;

    static string ReplyAddress(string ls, string group) => Addresses.For(ls, group)!.Email;

    /// <summary>The SendGrid requests (their first personalization) whose mail key starts with the prefix.</summary>
    List<JsonNode> Sent(string keyPrefix) => [.. SendGrid!.Requests.Select(r => r.Body)
        .Where(b => ((string?)b["personalizations"]![0]!["custom_args"]?["mailKey"])?.StartsWith(keyPrefix, StringComparison.Ordinal) == true)];

    [Fact]
    public async Task A_reply_by_token_from_SG17_is_registered_acknowledged_once_stops_its_chasers_and_a_redelivery_changes_nothing()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var sendGrid = Host.Client(null);
        var message = SendGridInboundPost.Message($"ITU-T SG17 <{Sg17}>", ReplyAddress(Ls3, "itu-t-sg17"), "Re: TSAG-LS3 — LS/r on open source (SG17-LS12)",
            "SG17 thanks TSAG for its LS and replies as follows.", "sg17-ls12.reply@liaisonflow.example",
            ("SG17-LS12.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 SG17's reply")));

        var (status, body) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(message));
        Assert.True(status == 201, $"{status}: {body}\n{Host.Output}");
        var id = (string)body!["id"]!;
        Assert.Equal("Registered", (string?)body["status"]);

        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        var sg17 = ls["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg17")!;
        Assert.Equal("Received", (string?)sg17["replyStatus"]);       // the chaser plan skips a group that replied
        Assert.Equal("SG17-LS12", (string?)sg17["replyReference"]);
        Assert.Equal("2018-02-26", (string?)sg17["repliedOn"]);         // the message's date, not today
        var reply = Assert.Single(ls["replies"]!.AsArray())!;
        Assert.Equal("SG17-LS12.pdf", ((string?)reply["document"])?.Split('/')[^1]);
        Assert.Contains(ls["history"]!.AsArray(), h => (string?)h!["event"] == "ReplyReceived" && ((string?)h["detail"])!.Contains("matched by reply address", StringComparison.Ordinal));
        var outstanding = (await tsb.GetJsonAsync("api/dashboard/outstanding?group=itu-t-sg17")).Body!.ToJsonString();
        Assert.DoesNotContain(Ls3, outstanding);

        // One acknowledgement, to the sender, naming the LS and the group.
        var ackKey = Acknowledgements.Key(id);
        var ack = Assert.Single(await Eventually.GetAsync(() => Task.FromResult(Sent(ackKey)), a => a.Count > 0, TimeSpan.FromSeconds(60), "the acknowledgement"));
        Assert.Equal(Sg17, (string?)ack["personalizations"]![0]!["to"]![0]!["email"]);
        Assert.Contains("TSAG-LS3", (string?)ack["content"]![0]!["value"]);
        Assert.Contains("ITU-T Study Group 17", (string?)ack["content"]![0]!["value"]);
        await tsb.WaitForMailAsync(Ls3);

        // SendGrid delivers it again: the same id, nothing new.
        var (again, againBody) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(message));
        Assert.Equal(200, again);
        Assert.Equal(id, (string?)againBody!["id"]);
        Assert.Equal(true, (bool?)againBody["alreadyReceived"]);
        // The raw variant of the same message has the same Message-ID: the same record.
        Assert.Equal(id, (string?)(await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Raw(message))).Body!["id"]);
        var after = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        Assert.Single(after["replies"]!.AsArray());
        var mail = (await tsb.GetJsonAsync($"api/mail?liaison={Ls3}")).Body!.AsArray();
        Assert.Single(mail, m => (string?)m!["key"] == ackKey);
        Assert.Single(Sent(ackKey));

        // Chasing LS3 now (its deadline long past: one reminder per group still owing): none to SG17, and each
        // group's reminder on a request of its own, with that group's reply address.
        Assert.Equal(200, (await tsb.PostAsync($"api/liaisons/{Ls3}/chasers", new { enabled = true })).Status);
        var chasers = await Eventually.GetAsync(() => Task.FromResult(Sent("chaser|")), c => c.Count >= 10, TimeSpan.FromSeconds(60), "the chasers of the 10 SGs still owing");
        var chased = chasers.Select(c => ((string)c["personalizations"]![0]!["custom_args"]!["mailKey"]!).Split('|')[1]).ToList();
        Assert.Equal(10, chased.Distinct().Count());
        Assert.DoesNotContain("itu-t-sg17", chased);
        Assert.All(chasers, c =>
        {
            var group = ((string)c["personalizations"]![0]!["custom_args"]!["mailKey"]!).Split('|')[1];
            Assert.Single(c["personalizations"]!.AsArray());
            Assert.Equal(new ReplyTarget(Ls3, group), Addresses.Read((string?)c["reply_to"]!["email"]));
        });

        var detail = (await tsb.GetJsonAsync($"api/inbound/{id}")).Body!;
        Assert.Equal("Registered", (string?)detail["status"]);
        Assert.Equal(Ls3, (string?)detail["liaison"]);
        Assert.Equal("itu-t-sg17", (string?)detail["group"]);
        Assert.True((bool)detail["spfPassed"]!);
    }

    [Fact]
    public async Task Mail_that_cannot_be_trusted_goes_to_the_holding_pen_and_leaves_it_only_by_assignment_or_dismissal()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var sendGrid = Host.Client(null);

        // An unknown sender to SG16's reply address (raw MIME variant), HTML only: in the pen, shown as text.
        var unknown = SendGridInboundPost.Message("Someone <someone@elsewhere.example>", ReplyAddress(Ls3, "itu-t-sg16"), "Reply of SG16 (SG16-LS7)", "", "unknown-1@elsewhere.example",
            ("SG16-LS7.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Encoding.ASCII.GetBytes("PK fake docx")));
        unknown.Body = new MimeKit.Multipart("mixed")
        {
            new MimeKit.TextPart("html") { Text = "<p>SG16 <script>alert('x')</script>replies.</p>" },
            unknown.Attachments.OfType<MimeKit.MimePart>().First(),
        };
        var (status, body) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Raw(unknown));
        Assert.True(status == 201, $"{status}: {body}\n{Host.Output}");
        var unknownId = (string)body!["id"]!;
        Assert.Equal("Unmatched", (string?)body["status"]);

        // SG17's own address, but failing SPF and DKIM: in the pen.
        var forged = SendGridInboundPost.Message(Sg17, ReplyAddress(Ls3, "itu-t-sg17"), "SG17-LS13", "A forged reply.", "forged-1@elsewhere.example");
        var forgedId = (string)(await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(forged, spf: "fail", dkim: "{@elsewhere.example : fail}"))).Body!["id"]!;
        // A tampered reply address: in the pen, as mail to no reply address.
        var tampered = SendGridInboundPost.Message(Sg17, ReplyAddress(Ls3, "itu-t-sg17").Replace("itu-t-sg17", "itu-t-sg13", StringComparison.Ordinal), "Re: TSAG-LS3 (SG13-LS1)", "Tampered.", "tampered-1@liaisonflow.example");
        var tamperedId = (string)(await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(tampered))).Body!["id"]!;

        var pen = (await tsb.GetJsonAsync("api/inbound?status=unmatched")).Body!.AsArray();
        string? Why(string id) => (string?)pen.Single(m => (string?)m!["id"] == id)!["reason"];
        Assert.Equal("UnknownSender", Why(unknownId));
        Assert.Equal("FailedSpfAndDkim", Why(forgedId));
        Assert.Equal("NoReplyAddress", Why(tamperedId));
        Assert.Equal(3, pen.Count);
        var listed = pen.Single(m => (string?)m!["id"] == unknownId)!;
        Assert.Equal("someone@elsewhere.example", (string?)listed["from"]);
        // The pen's guesses: the reply address it was sent to; the LS number its subject quotes, with the sender's group.
        var guess = Assert.Single(listed["candidates"]!.AsArray())!;
        Assert.Equal((Ls3, "itu-t-sg16", "TSAG-LS3"), ((string?)guess["liaison"], (string?)guess["group"], (string?)guess["number"]));
        var quoted = Assert.Single(pen.Single(m => (string?)m!["id"] == tamperedId)!["candidates"]!.AsArray())!;
        Assert.Equal((Ls3, "itu-t-sg17", "quotes TSAG-LS3 in its subject"), ((string?)quoted["liaison"], (string?)quoted["group"], (string?)quoted["why"]));
        var attachment = listed["attachments"]![0]!;
        Assert.Equal("SG16-LS7.docx", (string?)attachment["fileName"]);

        var detail = (await tsb.GetJsonAsync($"api/inbound/{unknownId}")).Body!;
        Assert.Equal("SG16 replies.", (string?)detail["text"]);
        using (var download = await tsb.GetAsync(((string)attachment["url"]!).TrimStart('/')))
        {
            Assert.Equal(200, (int)download.StatusCode);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("PK fake docx", await download.Content.ReadAsStringAsync());
        }
        Assert.Empty((await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!["replies"]!.AsArray());

        // Assigned by hand: registered, saying by whom.
        Assert.Equal(400, (await tsb.PostAsync($"api/inbound/{unknownId}/assign", new { liaison = Ls3 })).Status);
        Assert.Equal(400, (await tsb.PostAsync($"api/inbound/{unknownId}/assign", new { liaison = "tsag-2017-05-td999", group = "SG16" })).Status);
        var (assigned, assignedBody, _) = await tsb.PostAsync($"api/inbound/{unknownId}/assign", new { liaison = Ls3, group = "SG16" });
        Assert.True(assigned == 200, $"{assigned}: {assignedBody}");
        Assert.Equal("Registered", (string?)assignedBody!["status"]);
        Assert.Contains(assignedBody["steps"]!.AsArray(), s => ((string?)s!["detail"])!.Contains("Assigned to LS tsag-2017-05-td117", StringComparison.Ordinal));
        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        Assert.Equal("SG16-LS7", (string?)ls["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg16")!["replyReference"]);
        Assert.Contains(ls["history"]!.AsArray(), h => ((string?)h!["detail"])!.Contains("assigned by secretariat", StringComparison.Ordinal));
        Assert.Equal(409, (await tsb.PostAsync($"api/inbound/{unknownId}/dismiss", new { reason = "too late" })).Status);

        // Dismissed only with a reason.
        Assert.Equal(400, (await tsb.PostAsync($"api/inbound/{forgedId}/dismiss", new { reason = " " })).Status);
        var (dismissed, dismissedBody, _) = await tsb.PostAsync($"api/inbound/{forgedId}/dismiss", new { reason = "Forged: SPF and DKIM fail." });
        Assert.Equal(200, dismissed);
        Assert.Equal("Dismissed", (string?)dismissedBody!["status"]);
        var left = (await tsb.GetJsonAsync("api/inbound")).Body!.AsArray();
        Assert.Equal([tamperedId], left.Select(m => (string)m!["id"]!));
        Assert.Equal(forgedId, (string?)Assert.Single((await tsb.GetJsonAsync("api/inbound?status=dismissed")).Body!.AsArray())!["id"]);
        Assert.Equal(400, (await tsb.GetJsonAsync("api/inbound?status=lost")).Status);
    }

    [Fact]
    public async Task The_webhook_wants_its_credentials_and_an_Inbound_Parse_post_and_dispatch_mails_carry_reply_addresses()
    {
        using var sendGrid = Host.Client(null);
        var message = SendGridInboundPost.Message(Sg17, ReplyAddress(Ls3, "itu-t-sg17"), "SG17-LS12", "Text.", "creds-1@liaisonflow.example");
        Assert.Equal(401, (await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(message), anonymous: true)).Status);
        Assert.Equal(401, (await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(message), SendGridInboundPost.Basic(password: "wrong"))).Status);
        using (var bearer = Host.Client("dev-secretariat"))
            Assert.Equal(401, (await SendGridInboundPost.PostAsync(bearer, SendGridInboundPost.Parsed(message), anonymous: true)).Status);

        var (notMultipart, problem) = await SendGridInboundPost.PostAsync(sendGrid, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(400, notMultipart);
        Assert.NotNull(problem!["errors"]!["$"]);
        var noFrom = SendGridInboundPost.Parsed(message);
        var withoutFrom = new MultipartFormDataContent();
        foreach (var part in noFrom.Where(p => p.Headers.ContentDisposition?.Name?.Trim('"') != "from")) withoutFrom.Add(part);
        var (missing, missingProblem) = await SendGridInboundPost.PostAsync(sendGrid, withoutFrom);
        Assert.Equal(400, missing);
        Assert.NotNull(missingProblem!["errors"]!["from"]);
        using var tsb = Host.Client("dev-secretariat");
        Assert.Empty((await tsb.GetJsonAsync("api/inbound?status=unmatched")).Body!.AsArray());

        // A raw message larger than a form field's usual 4 MiB: its attachment is kept whole.
        var large = new byte[6 * 1024 * 1024];
        new Random(11).NextBytes(large);
        var big = SendGridInboundPost.Message("someone@elsewhere.example", "tsbtsag@liaisonflow.example", "Big", "Large.", "big-1@elsewhere.example", ("big.bin", "application/octet-stream", large));
        var (bigStatus, bigBody) = await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Raw(big));
        Assert.True(bigStatus == 201, $"{bigStatus}: {bigBody}");
        var bigAttachment = (await tsb.GetJsonAsync($"api/inbound/{(string)bigBody!["id"]!}")).Body!["attachments"]![0]!;
        Assert.Equal(large.Length, (long)bigAttachment["length"]!);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(large)), (string?)bigAttachment["sha256"]);
        Assert.Empty((await tsb.GetJsonAsync("api/inbound?status=received")).Body!.AsArray());
        Assert.Single((await tsb.GetJsonAsync("api/inbound?status=unmatched")).Body!.AsArray());

        // A new LS's dispatch: SG17's copy has SG17's reply address for this LS.
        const string id = "tsag-2017-05-td161";
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(id));
        await rapporteur.PostAsync($"api/liaisons/{id}/submit");
        await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");
        await chair.PostAsync($"api/liaisons/{id}/endorse");
        await tsb.WaitForMailAsync(id, NewLiaison.Groups.Length);
        var dispatch = Sent("dispatch|itu-t-sg17").Single(b => (string?)b["personalizations"]![0]!["custom_args"]!["liaisonId"] == id);
        var replyTo = (string)dispatch["reply_to"]!["email"]!;
        Assert.Equal(new ReplyTarget(id, "itu-t-sg17"), Addresses.Read(replyTo));
        Assert.Equal("TSB", (string?)dispatch["reply_to"]!["name"]);
        var sg16 = Sent("dispatch|itu-t-sg16").Single(b => (string?)b["personalizations"]![0]!["custom_args"]!["liaisonId"] == id);
        Assert.Equal(new ReplyTarget(id, "itu-t-sg16"), Addresses.Read((string)sg16["reply_to"]!["email"]!));
    }

    const string Ls5 = "tsag-2017-05-td104"; // TSAG-LS5, to SG16 and SG17 among others
    const string Mailbox = "tsbtsag@liaisonflow.example";

    /// <summary>
    /// Mail to the secretariat's mailbox, not a reply address (forwarded by a group, or written to TSB directly):
    /// registered when what it quotes and who sent it point at one LS and one of its groups; otherwise held in
    /// the pen with candidates.
    /// </summary>
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
