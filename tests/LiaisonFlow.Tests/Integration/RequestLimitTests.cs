using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LiaisonFlow.Api;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>
/// Request limits with a small document limit (2 MiB), so the sizes stay quick: documents under it are
/// stored, over it are a 413 naming the limit; broken multipart bodies and oversized or overdeep JSON are
/// 400/413 problem+json, never a 500.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RequestLimitTests(AzuriteFixture azurite)
    : TsagHostTest(azurite, "limits", DocumentLimit(Limit))
{
    const long Limit = 2 * 1024 * 1024;
    const string Ls = "tsag-2017-05-td102";

    [Fact]
    public async Task A_document_under_the_limit_is_stored_and_one_over_it_is_a_413_naming_the_limit()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var tsb = Host.Client("dev-secretariat");
        var path = $"api/liaisons/{Ls}/documents/TD102R2.pdf";

        var small = GeneratedStream.Sha256(Limit * 3 / 4);
        var stored = await rapporteur.PutAsync(path, Generated(Limit * 3 / 4));
        Assert.Equal(201, (int)stored.StatusCode);
        var view = JsonNode.Parse(await stored.Content.ReadAsStringAsync())!;
        Assert.Equal(Limit * 3 / 4, (long)view["length"]!);
        Assert.Equal(small, (string?)view["sha256"]);

        await AssertTooLargeAsync(await rapporteur.PutAsync(path, Generated(Limit * 3 / 2)), "document");
        await AssertTooLargeAsync(await rapporteur.PutAsync(path, Generated(Limit * 3 / 2, chunked: true)), "document");

        // A reply's document: the same limit, through the multipart form.
        var reply = await tsb.PostAsync($"api/liaisons/{Ls}/replies", ReplyForm("SG17-LS14", Generated(Limit * 3 / 4)));
        Assert.Equal(201, (int)reply.StatusCode);
        Assert.EndsWith("/documents/SG17-LS14.pdf", (string?)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["reply"]!["document"]);

        // Over the document limit but within the body's (limit + 1 MiB): the file is measured after reading.
        await AssertTooLargeAsync(await tsb.PostAsync($"api/liaisons/{Ls}/replies", ReplyForm("SG17-LS15", Generated(Limit + Limit / 4))), "document");
        // Over the body's limit too: refused from its Content-Length, or while reading when chunked.
        await AssertTooLargeAsync(await tsb.PostAsync($"api/liaisons/{Ls}/replies", ReplyForm("SG17-LS16", Generated(Limit * 3 / 2))), "document");
        var chunked = new HttpRequestMessage(HttpMethod.Post, $"api/liaisons/{Ls}/replies") { Content = ReplyForm("SG17-LS17", Generated(Limit + RequestBody.MultipartOverheadBytes + 64 * 1024, chunked: true)) };
        chunked.Headers.TransferEncodingChunked = true;
        await AssertTooLargeAsync(await tsb.SendAsync(chunked), "document");

        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls}")).Body!;
        Assert.Equal(["SG17-LS14"], ls["replies"]!.AsArray().Select(r => (string?)r!["reference"]));
        Assert.Equal(small, await Sha256Async(await rapporteur.GetStreamAsync(path)));
    }

    [Theory]
    [InlineData("multipart/form-data", "fromGroup=SG17")]
    [InlineData("multipart/form-data; boundary=\"\"", "--\r\n")]
    [InlineData("multipart/form-data; boundary=b", "this is not a multipart body at all")]
    [InlineData("multipart/form-data; boundary=b",
        "--b\r\nContent-Disposition: form-data; name=\"fromGroup\"\r\n\r\nITU-T SG17\r\n--b\r\nContent-Disposition: form-data; name=\"document\"; filename=\"r.pdf\"\r\n\r\nthe document bre")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--b--\r\n")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\nthe headers never end")]
    public async Task A_broken_multipart_reply_is_a_400_naming_the_body(string contentType, string body)
    {
        using var tsb = Host.Client("dev-secretariat");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await tsb.PostAsync($"api/liaisons/{Ls}/replies", content);
        var problem = await ProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]!["$"]);
        Assert.Empty((await tsb.GetJsonAsync($"api/liaisons/{Ls}")).Body!["replies"]!.AsArray());
    }

    [Fact]
    public async Task Json_bodies_have_a_size_a_depth_and_a_shape()
    {
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        const string command = "api/liaisons/tsag-2017-05-itrs/hold";

        // 2 MiB to a command (limit 1 MiB): refused from the Content-Length, or while reading when chunked.
        var big = "{\"reason\": \"" + new string('x', 2 * 1024 * 1024) + "\"}";
        var tooBig = await ProblemAsync(await chair.PostAsync(command, Json(big)), 413);
        Assert.Equal(1024 * 1024, (long)tooBig["limit"]!);
        Assert.Contains("1048576 bytes", (string?)tooBig["detail"]);
        var chunked = new HttpRequestMessage(HttpMethod.Post, command) { Content = Json(big) };
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Equal(1024 * 1024, (long)(await ProblemAsync(await chair.SendAsync(chunked), 413))["limit"]!);

        // The import's own, larger limit (8 MiB), which is also the server's here (over the document limit + 1 MiB).
        // Past the server's limit a client that sends the whole body before reading gets a reset, not
        // the answer: Kestrel does not read such a body to its end. Expect: 100-continue gets the answer
        // before the body is sent; a chunked body just past the limit gets it after.
        var hugeImport = "{\"formatVersion\": 1, \"meeting\": {\"id\": \"" + new string('x', 9 * 1024 * 1024) + "\"}}";
        var expecting = new HttpRequestMessage(HttpMethod.Post, "api/meetings/import") { Content = Json(hugeImport) };
        expecting.Headers.ExpectContinue = true;
        Assert.Equal(8 * 1024 * 1024, (long)(await ProblemAsync(await tsb.SendAsync(expecting), 413))["limit"]!);
        var overImport = "{\"formatVersion\": 1, \"meeting\": {\"id\": \"" + new string('x', 8 * 1024 * 1024 + 16 * 1024) + "\"}}";
        var chunkedImport = new HttpRequestMessage(HttpMethod.Post, "api/meetings/import") { Content = Json(overImport) };
        chunkedImport.Headers.TransferEncodingChunked = true;
        Assert.Equal(8 * 1024 * 1024, (long)(await ProblemAsync(await tsb.SendAsync(chunkedImport), 413))["limit"]!);

        // Deeper than 32 levels, in a known field and in one the command ignores: 400 naming where.
        var deep = await ProblemAsync(await chair.PostAsync(command, Json("{\"reason\": " + new string('[', 40) + new string(']', 40) + "}")), 400);
        var field = Assert.Single(deep["errors"]!.AsObject()).Key;
        Assert.StartsWith("$.reason[0][0]", field);
        Assert.Contains("deeper than 32", (string?)deep["errors"]![field]![0]);
        var ignored = await ProblemAsync(await chair.PostAsync(command, Json("{\"extra\": " + Nested(100) + "}")), 400);
        Assert.StartsWith("$.extra.a.a.a", Assert.Single(ignored["errors"]!.AsObject()).Key);
        // 32 levels are fine: the command goes on to refuse the LS's state.
        Assert.Equal(HttpStatusCode.Conflict, (await chair.PostAsync(command, Json("{\"extra\": " + Nested(31) + "}"))).StatusCode);

        // The root must be an object: JSON null, an array, a string are a 400 naming "$".
        foreach (var root in new[] { "null", "[]", "\"hold\"", "42" })
        {
            var wrong = await ProblemAsync(await chair.PostAsync(command, Json(root)), 400);
            Assert.Contains("object", (string?)wrong["errors"]!["$"]![0]);
        }
        var nullImport = await ProblemAsync(await tsb.PostAsync("api/meetings/import", Json("null")), 400);
        Assert.NotNull(nullImport["errors"]!["$"]);

        // Nothing was held, nothing imported.
        Assert.Equal("Draft", (string?)(await chair.GetJsonAsync("api/liaisons/tsag-2017-05-itrs")).Body!["state"]);
    }

    static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth);

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    static HttpContent Generated(long length, bool chunked = false)
    {
        var content = new StreamContent(chunked ? new UnknownLength(new GeneratedStream(length)) : new GeneratedStream(length));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    internal static MultipartFormDataContent ReplyForm(string reference, HttpContent document) => new()
    {
        { new StringContent("ITU-T SG17"), "fromGroup" },
        { new StringContent(reference), "reference" },
        { new StringContent("2018-02-26"), "receivedOn" },
        { document, "document", reference + ".pdf" },
    };

    static async Task AssertTooLargeAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, 413);
        Assert.Equal(Limit, (long)problem["limit"]!);
        Assert.Equal(field, (string?)problem["field"] ?? field);
        Assert.Contains($"{Limit} bytes", (string?)problem["detail"]);
    }

    internal static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"answered {(int)response.StatusCode}, expected {status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    internal static async Task<string> Sha256Async(Stream stream)
    {
        await using (stream) return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}

/// <summary>
/// With the default document limit (50 MiB): a 40 MB TD — past Kestrel's own default of 30,000,000
/// bytes — is stored, as a PUT and as a reply's multipart document. The bytes are generated as they are sent.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LargeDocumentTests(AzuriteFixture azurite) : TsagHostTest(azurite, "large")
{
    const long Size = 40_000_000;

    [Fact]
    public async Task A_40_MB_document_is_stored_whole()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var tsb = Host.Client("dev-secretariat");
        rapporteur.Timeout = tsb.Timeout = TimeSpan.FromMinutes(3);
        var sha256 = GeneratedStream.Sha256(Size);

        var put = await rapporteur.PutAsync("api/liaisons/tsag-2017-05-td102/documents/TD102R3.pdf", new StreamContent(new GeneratedStream(Size)));
        var text = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.Created, $"answered {(int)put.StatusCode}: {text}");
        Assert.Equal(Size, (long)JsonNode.Parse(text)!["length"]!);
        Assert.Equal(sha256, (string?)JsonNode.Parse(text)!["sha256"]);

        var reply = await tsb.PostAsync("api/liaisons/tsag-2017-05-td113/replies", RequestLimitTests.ReplyForm("SG17-LS20", new StreamContent(new GeneratedStream(Size))));
        text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.Created, $"answered {(int)reply.StatusCode}: {text}");
        var document = (string)JsonNode.Parse(text)!["reply"]!["document"]!;
        Assert.Equal(sha256, await RequestLimitTests.Sha256Async(await tsb.GetStreamAsync(document)));
    }
}

/// <summary>A deterministic stream of <c>length</c> bytes made up as it is read, so a large upload needs no large array.</summary>
sealed class GeneratedStream(long length) : Stream
{
    long position;

    public static string Sha256(long length)
    {
        using var stream = new GeneratedStream(length);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => position; set => position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - position);
        for (var i = 0; i < n; i++)
        {
            var p = position + i;
            buffer[i] = (byte)(p ^ (p >> 8) ^ (p >> 16));
        }
        position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A stream that hides its length, so HttpClient sends it chunked.</summary>
sealed class UnknownLength(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
