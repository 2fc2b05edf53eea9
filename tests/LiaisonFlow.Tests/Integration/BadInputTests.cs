using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>Bad input gets problem+json naming the field at fault, never a 500, and never harms what is stored.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BadInputTests(AzuriteFixture azurite)
    : TsagHostTest(azurite, "bad", new Dictionary<string, string> { ["LiaisonFlow__MaxDocumentBytes"] = "1024" })
{
    static JsonNode Tsag() => JsonNode.Parse(File.ReadAllText(RepoPaths.TsagData))!;

    [Fact]
    public async Task Malformed_json_is_a_400_naming_where_it_broke()
    {
        using var tsb = Host.Client("dev-secretariat");
        var (status, body, type) = await tsb.PostAsync("api/meetings/import", "{\"formatVersion\": 1, \"meeting\": {\"id\": }");
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("$.meeting.id", body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task An_import_with_a_bad_deadline_and_an_unknown_group_names_both_fields_and_imports_nothing()
    {
        using var tsb = Host.Client("dev-secretariat");
        var file = Tsag();
        file["meeting"]!["id"] = "tsag-2018-01";
        foreach (var ls in file["liaisons"]!.AsArray()) ls!["id"] = ((string)ls["id"]!).Replace("2017-05", "2018-01");
        foreach (var ls in file["liaisons"]!.AsArray()) { ls!["number"] = null; }
        file["liaisons"]![2]!["addressees"]![0]!["deadline"] = "before the next meeting";
        file["liaisons"]![4]!["addressees"]![1]!["group"] = "ITU-T SG99";

        var (status, body, type) = await tsb.PostAsync("api/meetings/import", file.ToJsonString());
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        var errors = body!["errors"]!.AsObject();
        Assert.Contains("before the next meeting", (string?)errors["liaisons[2].addressees[0].deadline"]![0]);
        Assert.Contains("ITU-T SG99", (string?)errors["liaisons[4].addressees[1].group"]![0]);
        Assert.Empty((await tsb.GetJsonAsync("api/liaisons?meeting=tsag-2018-01")).Body!.AsArray());
    }

    [Fact]
    public async Task A_draft_with_bad_fields_is_refused_field_by_field()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        var (status, body, _) = await rapporteur.PostAsync("api/liaisons", new
        {
            meetingId = "tsag-2017-05",
            title = "",
            td = "document 12",
            addressees = new object[] { new { group = "SG17", purpose = "for lunch", deadline = "soon" } },
        });
        Assert.Equal(400, status);
        var errors = body!["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "title", "td", "addressees[0].purpose", "addressees[0].deadline" }, errors);

        var unknownMeeting = await rapporteur.PostAsync("api/liaisons", new { meetingId = "tsag-1999-01", title = "x" });
        Assert.Equal(400, unknownMeeting.Status);
        Assert.NotNull(unknownMeeting.Body!["errors"]!["meetingId"]);
    }

    [Fact]
    public async Task Unknown_LS_is_404_and_a_command_out_of_turn_is_409_with_the_state()
    {
        using var chair = Host.Client("dev-chair");
        var missing = await chair.GetJsonAsync("api/liaisons/no-such-ls");
        Assert.Equal(404, missing.Status);
        Assert.Equal("application/problem+json", missing.ContentType);

        var outOfTurn = await chair.PostAsync("api/liaisons/tsag-2017-05-itrs/endorse");
        Assert.Equal(409, outOfTurn.Status);
        Assert.Equal("Draft", (string?)outOfTurn.Body!["state"]);
        Assert.Equal(404, (await chair.PostAsync("api/liaisons/tsag-2017-05-itrs/approve")).Status);
        Assert.Equal(400, (await chair.GetJsonAsync("api/liaisons?state=Lost")).Status);
    }

    [Theory]
    [InlineData("..%2F..%2Ftsag-2017-05-td117%2FTD117R1.docx")]
    [InlineData("TD102%5CR1.docx")]
    public async Task A_document_name_cannot_leave_its_LS_folder(string fileName)
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("payload"));
        var response = await rapporteur.PutAsync($"api/liaisons/tsag-2017-05-td102/documents/{fileName}", content);
        Assert.True((int)response.StatusCode is 400 or 404, $"answered {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_oversized_document_is_413_and_the_stored_version_is_kept()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        const string path = "api/liaisons/tsag-2017-05-td102/documents/TD102R1.txt";
        using var small = new ByteArrayContent(Encoding.UTF8.GetBytes("TSAG-LS1 text, revision 1"));
        small.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        Assert.Equal(201, (int)(await rapporteur.PutAsync(path, small)).StatusCode);

        using var big = new ByteArrayContent(new byte[4096]);
        var refused = await rapporteur.PutAsync(path, big);
        Assert.Equal(413, (int)refused.StatusCode);

        // Sent without a length, the limit is enforced while reading.
        using var streamed = new StreamContent(new MemoryStream(new byte[4096]));
        var chunked = new HttpRequestMessage(HttpMethod.Put, path) { Content = streamed };
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Equal(413, (int)(await rapporteur.SendAsync(chunked)).StatusCode);

        Assert.Equal("TSAG-LS1 text, revision 1", await rapporteur.GetStringAsync(path));
    }
}
