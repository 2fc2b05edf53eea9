using System.Net.Http.Headers;
using System.Text;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>The secretariat's reply endpoints over HTTP: what is recorded, and what is refused.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplyApiTests(AzuriteFixture azurite) : TsagHostTest(azurite, "replies")
{
    const string Ls1 = "tsag-2017-05-td102";

    [Fact]
    public async Task A_reply_with_its_document_is_stored_and_the_addressee_marked_received()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("ITU-T SG17"), "fromGroup" },
            { new StringContent("SG17-LS12"), "reference" },
            { new StringContent("2018-02-26"), "receivedOn" },
            { new StringContent("Comments on inter-sector coordination."), "note" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("SG17-LS12 reply text"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "document", "SG17-LS12.pdf");

        var response = await tsb.PostAsync($"api/liaisons/{Ls1}/replies", form);
        Assert.Equal(201, (int)response.StatusCode);

        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls1}")).Body!;
        var sg17 = ls["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg17")!;
        Assert.Equal("Received", (string?)sg17["replyStatus"]);
        Assert.Equal("SG17-LS12", (string?)sg17["replyReference"]);
        Assert.Equal("2018-02-26", (string?)sg17["repliedOn"]);
        var reply = Assert.Single(ls["replies"]!.AsArray())!;
        Assert.True((bool)reply["solicited"]!);
        Assert.EndsWith("/documents/SG17-LS12.pdf", (string?)reply["document"]);
        Assert.Equal("SG17-LS12 reply text", await tsb.GetStringAsync((string)reply["document"]!));
        Assert.Contains(ls["history"]!.AsArray(), h => (string?)h!["event"] == "ReplyReceived");

        // The other groups still owe theirs, and their deadline has passed.
        var sg2 = ls["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg2")!;
        Assert.Equal("Outstanding", (string?)sg2["replyStatus"]);
        Assert.True((bool)sg2["overdue"]!);
        Assert.True((int)sg2["daysLeft"]! < 0);
    }

    [Fact]
    public async Task A_reply_from_a_group_informed_only_is_recorded_as_unsolicited()
    {
        using var tsb = Host.Client("dev-secretariat");
        var (status, body, _) = await tsb.PostAsync("api/liaisons/tsag-2017-05-td113/replies", new { fromGroup = "ITU-R SG5", reference = "5/LCCE/12" });
        Assert.Equal(201, status);
        Assert.False((bool)body!["reply"]!["solicited"]!);
        Assert.Equal("Received", (string?)body["addressee"]!["replyStatus"]);
    }

    [Fact]
    public async Task Bad_replies_and_deadlines_are_refused_naming_the_field()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var chair = Host.Client("dev-chair");
        Assert.Equal(403, (await chair.PostAsync($"api/liaisons/{Ls1}/replies", new { fromGroup = "SG17", reference = "x" })).Status);

        var missing = await tsb.PostAsync($"api/liaisons/{Ls1}/replies", new { fromGroup = "", receivedOn = "26/02/2018" });
        Assert.Equal(400, missing.Status);
        Assert.Equal(["fromGroup", "receivedOn", "reference"], missing.Body!["errors"]!.AsObject().Select(e => e.Key).Order());

        var deadline = await tsb.PostAsync($"api/liaisons/{Ls1}/addressees/itu-t-sg2/deadline", new { deadline = "before the next meeting" });
        Assert.Equal(400, deadline.Status);
        Assert.Contains("before the next meeting", (string?)deadline.Body!["errors"]!["deadline"]![0]);
        Assert.Equal(404, (await tsb.PostAsync($"api/liaisons/{Ls1}/addressees/iso-iec-jtc1/deadline", new { deadline = "before 30 April 2018" })).Status);
        Assert.Equal(409, (await tsb.PostAsync("api/liaisons/tsag-2017-05-itrs/chasers", new { enabled = true })).Status);
    }

    [Fact]
    public async Task Extending_a_groups_deadline_changes_only_that_group()
    {
        using var tsb = Host.Client("dev-secretariat");
        var (status, body, _) = await tsb.PostAsync($"api/liaisons/{Ls1}/addressees/ITU-T%20SG2/deadline",
            new { deadline = "before 30 April 2018", reason = "SG2 meets in April." });
        Assert.Equal(200, status);
        Assert.Equal("2018-04-30", (string?)body!["deadline"]!["date"]);

        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls1}")).Body!;
        var deadlines = ls["addressees"]!.AsArray().ToDictionary(a => (string)a!["group"]!, a => (string?)a!["deadline"]!["date"]);
        Assert.Equal("2018-04-30", deadlines["itu-t-sg2"]);
        Assert.Equal("2018-02-28", deadlines["itu-t-sg3"]);
        Assert.Contains(ls["history"]!.AsArray(), h => (string?)h!["event"] == "DeadlineChanged" && ((string?)h["detail"])!.Contains("SG2 meets in April."));
    }

    [Fact]
    public async Task An_import_asked_to_chase_sends_one_overdue_notice_per_silent_group_not_the_back_catalogue()
    {
        using var tsb = Host.Client("dev-secretariat");
        var file = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.TsagData))!;
        file["meeting"]!["id"] = "tsag-2017-05-again";
        var ls3 = file["liaisons"]!.AsArray().Single(l => (string?)l!["number"] == "TSAG-LS3")!;
        ls3["id"] = "again-td117";
        ls3["number"] = null;
        file["liaisons"] = new System.Text.Json.Nodes.JsonArray(ls3.DeepClone());

        Assert.Equal(200, (await tsb.PostAsync("api/meetings/import?chase=true", file.ToJsonString())).Status);
        var mail = await Eventually.GetAsync(async () => (await tsb.GetJsonAsync("api/mail?liaison=again-td117")).Body!.AsArray(),
            m => m.Any(e => (string?)e!["kind"] == "Escalation"), what: "the overdue notices and the escalation");
        // Proof that the workflow ran past that round (a second notice or escalation would be there by now):
        // the orchestration has stepped again after the escalation went and sleeps until its next check.
        var escalated = await tsb.WaitForMailAsync("again-td117", mail.Count);
        var sentAt = escalated.Where(m => (string?)m!["kind"] == "Escalation").Max(m => (DateTimeOffset)m!["sentAt"]!);
        await Eventually.GetAsync(async () => (await tsb.GetJsonAsync("api/liaisons/again-td117/status")).Body!,
            s => s["orchestration"]?["lastUpdatedAt"] is { } updated && (DateTimeOffset)updated! > sentAt && s["orchestration"]!["customStatus"]?["state"] is not null,
            what: "the orchestration to step past the escalation round");
        mail = (await tsb.GetJsonAsync("api/mail?liaison=again-td117")).Body!.AsArray();

        var chasers = mail.Where(m => (string?)m!["kind"] == "Chaser").Select(m => (string)m!["key"]!).ToList();
        Assert.Equal(11, chasers.Count);                                           // one per ITU-T SG
        Assert.All(chasers, k => Assert.EndsWith("|604800", k));                  // the 7-days-after notice only
        Assert.Single(mail, m => (string?)m!["kind"] == "Escalation");
        Assert.Contains("overdue by", (string?)mail.First(m => (string?)m!["kind"] == "Chaser")!["subject"]);
    }
}
