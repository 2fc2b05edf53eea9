using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>A rapporteur corrects a draft (PATCH) and replaces its TD before submitting it; every change is in the history.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DraftEditTests(AzuriteFixture azurite) : TsagHostTest(azurite, "draftedit")
{
    const string Id = "tsag-2017-05-td130";

    [Fact]
    public async Task A_draft_is_corrected_field_by_field_guarded_by_its_version_and_frozen_once_submitted()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        // The body may be named (any case; it must be the meeting's), and where the LS was approved given.
        var draft = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(NewLiaison.Draft(Id)))!.AsObject();
        draft["sourceBody"] = "ITU-T SG17";
        Assert.Equal("sourceBody", (await rapporteur.PostAsync("api/liaisons", draft.ToJsonString())).Body!["errors"]!.AsObject().Single().Key);
        draft["sourceBody"] = "tsag";
        draft["approval"] = "TSAG meeting, Geneva, 1–4 May 2017";
        var created = await rapporteur.PostAsync("api/liaisons", draft.ToJsonString());
        Assert.Equal(201, created.Status);
        Assert.Equal("TSAG", (string?)created.Body!["sourceBody"]);
        Assert.Equal("TSAG meeting, Geneva, 1–4 May 2017", (string?)(await rapporteur.GetJsonAsync($"api/liaisons/{Id}")).Body!["approval"]);
        var version = await VersionAsync(rapporteur);

        var edit = new
        {
            title = "LS on open-source references in ITU-T Recommendations",
            td = "TD130R2",
            questions = "Q2/17, Q4/17",
            approval = "TSAG meeting, Geneva, 1-4 May 2017",
            // SG16 and ITU-D go, SG2 comes, SG17's deadline moves.
            addressees = new object[]
            {
                new { group = "ITU-T SG17", purpose = "for action", deadline = "before 30 April 2030" },
                new { group = "ITU-T SG2", purpose = "for comment", deadline = "end of May 2030" },
            },
        };
        var (status, body, etag) = await PatchAsync(rapporteur, edit, version);
        Assert.Equal(200, status);
        Assert.Equal(edit.title, (string?)body!["title"]);
        Assert.Equal("TD130R2", (string?)body["td"]!["reference"]);
        Assert.Equal("Q2/17, Q4/17", (string?)body["questions"]);
        Assert.Equal("TSAG meeting, Geneva, 1-4 May 2017", (string?)body["approval"]);
        Assert.Equal(["itu-t-sg17", "itu-t-sg2"], body["addressees"]!.AsArray().Select(a => (string)a!["group"]!).Order());
        Assert.Equal("2030-04-30", (string?)body["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg17")!["deadline"]!["date"]);
        Assert.Equal($"\"{(int)body["version"]!}\"", etag);
        Assert.NotEqual($"\"{version}\"", etag);

        // Read back as stored: the dropped groups' rows are gone, and the history says what changed.
        var stored = (await rapporteur.GetJsonAsync($"api/liaisons/{Id}")).Body!;
        Assert.Equal(["itu-t-sg17", "itu-t-sg2"], stored["addressees"]!.AsArray().Select(a => (string)a!["group"]!).Order());
        var line = Assert.Single(stored["history"]!.AsArray(), h => (string?)h!["event"] == "DraftEdited")!;
        var detail = (string)line["detail"]!;
        Assert.Contains("title \"LS on the use of open source in ITU-T Recommendations\" → \"LS on open-source references", detail);
        Assert.Contains("TD \"TD130R1\" → \"TD130R2\"", detail);
        Assert.Contains("questions none → \"Q2/17, Q4/17\"", detail);
        Assert.Contains("approval \"TSAG meeting, Geneva, 1–4 May 2017\" → \"TSAG meeting, Geneva, 1-4 May 2017\"", detail);
        Assert.Contains("removed itu-t-sg16", detail);
        Assert.Contains("removed itu-d-sg1", detail);
        Assert.Contains("added itu-t-sg2 (for comment, \"end of May 2030\")", detail);
        Assert.Contains("itu-t-sg17 deadline \"before 28 February 2030\" → \"before 30 April 2030\"", detail);
        Assert.Contains((await rapporteur.GetJsonAsync("api/liaisons?group=itu-t-sg2")).Body!.AsArray(), l => (string?)l!["id"] == Id);
        Assert.DoesNotContain((await rapporteur.GetJsonAsync("api/liaisons?group=itu-t-sg16")).Body!.AsArray(), l => (string?)l!["id"] == Id);

        // The same values again change nothing: 200, no history line, the same version.
        var same = await PatchAsync(rapporteur, new { title = edit.title, questions = edit.questions }, null);
        Assert.Equal(200, same.Status);
        Assert.Equal(etag, same.ETag);
        // An edit made on the version before the last one is refused: 412, naming the version now.
        var stale = await PatchAsync(rapporteur, new { subject = "A subject written on an old copy." }, version);
        Assert.Equal(412, stale.Status);
        Assert.Equal((int)body["version"]!, (int)stale.Body!["version"]!);
        // "" clears an optional field.
        var cleared = await PatchAsync(rapporteur, new { questions = "" }, null);
        Assert.Equal(200, cleared.Status);
        Assert.Null(cleared.Body!["questions"]);
        var history = (await rapporteur.GetJsonAsync($"api/liaisons/{Id}")).Body!["history"]!.AsArray();
        Assert.Equal(2, history.Count(h => (string?)h!["event"] == "DraftEdited"));

        // Submitted, it is no longer a draft: 409 naming the state, nothing changed.
        Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{Id}/submit")).Status);
        var late = await PatchAsync(rapporteur, new { title = "Too late" }, null);
        Assert.Equal(409, late.Status);
        Assert.Equal("AwaitingEndorsement", (string?)late.Body!["state"]);
        Assert.Equal(edit.title, (string?)(await rapporteur.GetJsonAsync($"api/liaisons/{Id}")).Body!["title"]);
    }

    [Fact]
    public async Task A_rapporteur_replaces_the_drafts_TD_and_the_history_shows_both_versions()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        Assert.Equal(201, (await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(Id))).Status);
        var first = await PutAsync(rapporteur, "TD130R1.docx", "first draft of TD130");
        Assert.Equal(201, first.Status);
        var second = await PutAsync(rapporteur, "TD130R1.docx", "second draft of TD130, corrected");
        // In Draft a new upload under the name replaces the TD (no revision name: nothing was agreed yet).
        Assert.Equal(200, second.Status);
        Assert.Equal("TD130R1.docx", (string?)second.Body!["fileName"]);

        var ls = (await rapporteur.GetJsonAsync($"api/liaisons/{Id}")).Body!;
        var document = Assert.Single(ls["documents"]!.AsArray())!;
        Assert.Equal((string?)second.Body["sha256"], (string?)document["sha256"]);
        var uploads = ls["history"]!.AsArray().Where(h => (string?)h!["event"] == "DocumentUploaded").Select(h => (string)h!["detail"]!).ToList();
        Assert.Equal(2, uploads.Count);
        Assert.Contains($"replacing the version with sha256 {(string?)first.Body!["sha256"]}", uploads[1]);

        using var download = await rapporteur.GetAsync($"api/liaisons/{Id}/documents/TD130R1.docx");
        Assert.Equal("second draft of TD130, corrected", await download.Content.ReadAsStringAsync());
        using var earlier = await rapporteur.GetAsync($"api/liaisons/{Id}/documents/TD130R1.docx?sha256={(string?)first.Body["sha256"]}");
        Assert.Equal("first draft of TD130", await earlier.Content.ReadAsStringAsync());
    }

    static async Task<int> VersionAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"api/liaisons/{Id}");
        var etag = response.Headers.ETag!.Tag;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"\"{(int)body["version"]!}\"", etag);
        return (int)body["version"]!;
    }

    static async Task<(int Status, JsonNode? Body, string? ETag)> PatchAsync(HttpClient client, object body, int? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/liaisons/{Id}") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (ifMatch is { } version) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await ApiCalls.BodyAsync(response), response.Headers.ETag?.Tag);
    }

    static async Task<(int Status, JsonNode? Body)> PutAsync(HttpClient client, string fileName, string text)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        using var response = await client.PutAsync($"api/liaisons/{Id}/documents/{fileName}", content);
        return ((int)response.StatusCode, await ApiCalls.BodyAsync(response));
    }
}
