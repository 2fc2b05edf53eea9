using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LiaisonFlow.Api;
using LiaisonFlow.Tests.Documents;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>
/// POST /api/documents/extract on the local host, with a small document limit (2 MiB): an LS .docx gives the
/// fields of a new LS, and those fields create it; anything else — not a .docx, a zip of other files, a document
/// that is no LS, one over the limit, a zip bomb — is a 4xx problem+json naming what is wrong, never a 500.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DocumentExtractTests(AzuriteFixture azurite)
    : TsagHostTest(azurite, "extract", DocumentLimit(Limit))
{
    const long Limit = 2 * 1024 * 1024;
    const string Path = "api/documents/extract";

    static ByteArrayContent Docx(byte[] bytes, string contentType = DocumentExtractApi.DocxMediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    static async Task<(int Status, JsonNode Body, string? ContentType)> ExtractAsync(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync(Path, content);
        return ((int)response.StatusCode, (await ApiCalls.BodyAsync(response))!, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_LS_docx_gives_the_fields_of_a_new_LS_and_those_fields_create_it()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        var (status, ls, type) = await ExtractAsync(rapporteur, Docx(LsTemplateDocument.Build(LsTemplate.RagForComment(), LsLayout.SplitRuns)));

        Assert.Equal(200, status);
        Assert.Equal("application/json", type);
        Assert.Equal("LS on the coordination of IMT-2020 terminology", (string?)ls["title"]);
        Assert.Equal("TD130", (string?)ls["td"]);
        Assert.Equal("TSAG", (string?)ls["sourceBody"]);
        Assert.Equal("tsag", (string?)ls["sourceGroup"]);
        Assert.True(ls.AsObject().ContainsKey("subject") && ls["subject"] is null, "subject is written out, as null");
        Assert.True(ls.AsObject().ContainsKey("meetingId") && ls["meetingId"] is null, "meetingId is written out, as null");
        Assert.Equal("""[{"group":"rag","purpose":"Comment","deadline":null}]""", ls["addressees"]!.ToJsonString());
        Assert.Equal("rg-sc.rapporteur@liaisonflow.example", (string?)ls["contact"]!["email"]);
        Assert.Equal("table 1, row 3, cell 2", (string?)ls["found"]!["title"]!["where"]);
        Assert.Equal("header", (string?)ls["found"]!["td"]!["where"]);
        Assert.Empty(ls["warnings"]!.AsArray());

        // What was read can be created as it is, once the page adds the meeting.
        var draft = ls.DeepClone().AsObject();
        draft["meetingId"] = "tsag-2017-05";
        var (created, view, _) = await rapporteur.PostAsync("api/liaisons", draft.ToJsonString());
        Assert.True(created == 201, $"create answered {created}: {view}");
        Assert.Equal("tsag-2017-05-td130", (string?)view!["id"]);
        var addressee = Assert.Single(view["addressees"]!.AsArray())!;
        Assert.Equal("rag", (string?)addressee["group"]);
        Assert.Equal("Comment", (string?)addressee["purpose"]);
        Assert.Null(addressee["deadline"]!["date"]);
    }

    [Fact]
    public async Task A_TSAG_LS_reads_with_its_deadline_and_the_secretariat_may_read_it_too()
    {
        using var tsb = Host.Client("dev-secretariat");
        var (status, ls, _) = await ExtractAsync(tsb, Docx(LsTemplateDocument.Build(LsTemplate.TsagLs(5), LsLayout.ParagraphHeader)));

        Assert.Equal(200, status);
        var addressees = ls["addressees"]!.AsArray();
        Assert.Equal(11, addressees.Count);
        Assert.Equal(["before February 2018"], addressees.Where(a => (string?)a!["purpose"] == "Action").Select(a => (string?)a!["deadline"]).Distinct());
        Assert.All(addressees.Where(a => (string?)a!["purpose"] == "Information"), a => Assert.Null(a!["deadline"]));
        Assert.Equal("paragraph 8", (string?)ls["found"]!["addressees[0].deadline"]!["where"]);
    }

    [Fact]
    public async Task An_unknown_group_and_an_unreadable_deadline_are_warnings_naming_the_field()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        var template = LsTemplate.TsagLs(3) with { ForAction = "ITU-T SGs, XYZ Forum", Deadline = "soon" };
        var (status, ls, _) = await ExtractAsync(rapporteur, Docx(LsTemplateDocument.Build(template)));

        Assert.Equal(200, status);
        Assert.Equal(["addressees[0].deadline", "addressees[1].group", "addressees[1].deadline"], ls["warnings"]!.AsArray().Select(w => (string?)w!["field"]));
        Assert.Equal("XYZ Forum", (string?)ls["addressees"]![1]!["group"]);
    }

    [Theory]
    [InlineData("application/octet-stream", "Content-Type")]
    [InlineData("application/pdf", "Content-Type")]
    [InlineData("application/json", "Content-Type")]
    public async Task A_docx_sent_as_another_type_is_a_415_naming_the_content_type(string contentType, string field)
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        var (status, problem, type) = await ExtractAsync(rapporteur, Docx(LsTemplateDocument.Build(LsTemplate.TsagLs(1)), contentType));
        Assert.Equal(415, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(field, (string?)problem["field"]);
    }

    [Fact]
    public async Task What_is_not_a_docx_is_a_415_and_a_docx_that_is_no_LS_a_400_naming_the_body()
    {
        using var rapporteur = Host.Client("dev-rapporteur");

        var (text, textProblem, _) = await ExtractAsync(rapporteur, Docx(Encoding.UTF8.GetBytes("Dear colleagues, please find the LS attached.")));
        Assert.Equal(415, text);
        Assert.Equal("body", (string?)textProblem["field"]);

        var (empty, _, _) = await ExtractAsync(rapporteur, Docx([]));
        Assert.Equal(415, empty);

        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(archive.CreateEntry("minutes.txt").Open()))
            writer.Write("Minutes of the meeting.");
        var (other, _, _) = await ExtractAsync(rapporteur, Docx(zip.ToArray()));
        Assert.Equal(415, other);

        var minutes = LsTemplate.TsagLs(3) with { ForAction = null, ForComment = null, ForInformation = null };
        var (notLs, notLsProblem, type) = await ExtractAsync(rapporteur, Docx(LsTemplateDocument.Build(minutes)));
        Assert.Equal(400, notLs);
        Assert.Equal("application/problem+json", type);
        Assert.StartsWith("This document does not look like an LS", (string?)notLsProblem["errors"]!["body"]![0]);
    }

    [Fact]
    public async Task A_document_over_the_limit_is_a_413_and_a_zip_bomb_is_refused_quickly()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        var (large, largeProblem, type) = await ExtractAsync(rapporteur, Docx(new byte[Limit + 1]));
        Assert.Equal(413, large);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(Limit, (long?)largeProblem["limit"]);

        var chunked = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StreamContent(new MemoryStream(new byte[Limit + 64 * 1024])) };
        chunked.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(DocumentExtractApi.DocxMediaType);
        chunked.Headers.TransferEncodingChunked = true;
        using (var response = await rapporteur.SendAsync(chunked)) Assert.Equal(413, (int)response.StatusCode);

        var bomb = LsDocumentReaderTests.Rewrite(LsTemplateDocument.Build(LsTemplate.TsagLs(3)), "word/document.xml", null, 64 * 1024 * 1024);
        var clock = Stopwatch.StartNew();
        var (refused, bombProblem, _) = await ExtractAsync(rapporteur, Docx(bomb));
        Assert.Equal(413, refused);
        Assert.Equal("body", (string?)bombProblem["field"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the bomb took {clock.Elapsed} to refuse");
    }

    [Fact]
    public async Task The_chair_may_not_and_nobody_signed_out_may_not()
    {
        var docx = LsTemplateDocument.Build(LsTemplate.TsagLs(1));
        using var chair = Host.Client("dev-chair");
        using var nobody = Host.Client(null);
        Assert.Equal(403, (await ExtractAsync(chair, Docx(docx))).Status);
        Assert.Equal(401, (await ExtractAsync(nobody, Docx(docx))).Status);
    }
}
