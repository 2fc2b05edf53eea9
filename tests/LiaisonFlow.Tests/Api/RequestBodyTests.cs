using System.Text;
using LiaisonFlow.Api;
using LiaisonFlow.Import;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Xunit;

namespace LiaisonFlow.Tests.Api;

/// <summary>RequestBody on its own: the answers for bodies too large, too deep, of the wrong shape, or not a form.</summary>
public class RequestBodyTests
{
    static HttpRequest Json(string body, bool withLength = true) => Request("application/json", Encoding.UTF8.GetBytes(body), withLength);

    static HttpRequest Request(string contentType, byte[] body, bool withLength = true)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = contentType;
        http.Request.Body = new MemoryStream(body);
        if (withLength) http.Request.ContentLength = body.Length;
        else http.Request.Headers.TransferEncoding = "chunked";
        return http.Request;
    }

    static (int Status, string Detail, IDictionary<string, string[]> Errors, IDictionary<string, object?> Extensions) Problem(IResult? result)
    {
        var problem = Assert.IsType<ProblemHttpResult>(result).ProblemDetails;
        var errors = problem is HttpValidationProblemDetails validation ? validation.Errors : new Dictionary<string, string[]>();
        return (problem.Status ?? 0, problem.Detail ?? "", errors, problem.Extensions);
    }

    static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth);

    [Fact]
    public async Task A_body_within_its_limits_is_read_even_with_a_byte_order_mark()
    {
        var (value, problem) = await RequestBody.ReadAsync<CommandRequest>(Request("application/json", [0xEF, 0xBB, 0xBF, .. "{\"reason\": \"late\"}"u8.ToArray()]));
        Assert.Null(problem);
        Assert.Equal("late", value!.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Past_the_limit_is_a_413_naming_it_with_or_without_a_length(bool withLength)
    {
        var body = "{\"reason\": \"" + new string('x', 2000) + "\"}";
        var (status, detail, _, extensions) = Problem((await RequestBody.ReadAsync<CommandRequest>(Json(body, withLength), maxBytes: 1000)).Problem);
        Assert.Equal(413, status);
        Assert.Equal(1000L, extensions["limit"]);
        Assert.Contains("1000 bytes", detail);
        Assert.Null((await RequestBody.ReadAsync<CommandRequest>(Json(body, withLength), maxBytes: body.Length)).Problem);
    }

    [Fact]
    public void The_import_file_has_the_larger_default_limit()
    {
        Assert.Equal(RequestBody.MaxJsonBytes, RequestBody.DefaultMaxBytes<CommandRequest>());
        Assert.Equal(RequestBody.MaxImportBytes, RequestBody.DefaultMaxBytes<MeetingImportFile>());
    }

    [Fact]
    public async Task Thirty_two_levels_are_read_and_thirty_three_are_a_400_naming_the_deepest_field()
    {
        // Nested(n) inside "extra": n + 1 levels with the root object.
        Assert.Null((await RequestBody.ReadAsync<CommandRequest>(Json("{\"extra\": " + Nested(31) + "}"))).Problem);
        var (status, _, errors, _) = Problem((await RequestBody.ReadAsync<CommandRequest>(Json("{\"extra\": " + Nested(32) + "}"))).Problem);
        Assert.Equal(400, status);
        var (field, messages) = Assert.Single(errors);
        Assert.Equal("$.extra" + string.Concat(Enumerable.Repeat(".a", 31)), field);
        Assert.Contains("deeper than 32", messages[0]);

        var arrays = Problem((await RequestBody.ReadAsync<CommandRequest>(Json("{\"list\": [1, {\"x y\": " + new string('[', 40) + new string(']', 40) + "}]}"))).Problem);
        Assert.StartsWith("$.list[1]['x y'][0][0]", Assert.Single(arrays.Errors).Key);
    }

    [Theory]
    [InlineData("null", "JSON null")]
    [InlineData("[{\"reason\": \"x\"}]", "not an array")]
    [InlineData("\"hold\"", "not a string")]
    [InlineData("true", "not a boolean")]
    [InlineData("-1", "not a number")]
    public async Task A_root_that_is_not_an_object_is_a_400_naming_the_root(string body, string message)
    {
        foreach (var optional in new[] { false, true })
        {
            var (status, _, errors, _) = Problem((await RequestBody.ReadAsync<CommandRequest>(Json(body), optional)).Problem);
            Assert.Equal(400, status);
            Assert.Contains(message, Assert.Single(errors, e => e.Key == "$").Value[0]);
        }
    }

    [Fact]
    public async Task Malformed_json_still_names_where_it_broke()
    {
        var (status, _, errors, _) = Problem((await RequestBody.ReadAsync<CommandRequest>(Json("{\"reason\": }"))).Problem);
        Assert.Equal(400, status);
        Assert.Equal("$.reason", Assert.Single(errors).Key);
        Assert.Contains("$", Problem((await RequestBody.ReadAsync<CommandRequest>(Json("<xml/>"))).Problem).Errors.Keys);
    }

    [Fact]
    public async Task An_empty_body_is_nothing_when_optional_and_a_400_when_required()
    {
        var (value, problem) = await RequestBody.ReadAsync<CommandRequest>(Json(" \r\n"), optional: true);
        Assert.Null(value);
        Assert.Null(problem);
        Assert.Contains("$", Problem((await RequestBody.ReadAsync<CommandRequest>(Json(" "))).Problem).Errors.Keys);
    }

    const string Boundary = "b";

    static HttpRequest Form(string body, string contentType = "multipart/form-data; boundary=" + Boundary, bool withLength = true) =>
        Request(contentType, Encoding.UTF8.GetBytes(body), withLength);

    static string Part(string name, string value, string? fileName = null) =>
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n\r\n{value}\r\n";

    [Fact]
    public async Task A_form_within_its_limits_is_read()
    {
        var (form, problem) = await RequestBody.ReadFormAsync(Form(Part("fromGroup", "SG17") + Part("document", "0123456789", "r.pdf") + $"--{Boundary}--\r\n"), 10);
        Assert.Null(problem);
        Assert.Equal("SG17", form!["fromGroup"]);
        Assert.Equal(10, form.Files.GetFile("document")!.Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_past_the_limit_is_a_413_naming_the_field_and_the_limit(bool withLength)
    {
        var (_, problem) = await RequestBody.ReadFormAsync(Form(Part("document", "0123456789A", "r.pdf") + $"--{Boundary}--\r\n", withLength: withLength), 10);
        var (status, _, _, extensions) = Problem(problem);
        Assert.Equal(413, status);
        Assert.Equal(10L, extensions["limit"]);
        Assert.Equal("document", extensions["field"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_past_the_limit_and_its_overhead_is_a_413(bool withLength)
    {
        var file = new string('x', (int)RequestBody.MultipartOverheadBytes + 100);
        var (_, problem) = await RequestBody.ReadFormAsync(Form(Part("document", file, "r.pdf") + $"--{Boundary}--\r\n", withLength: withLength), 10);
        Assert.Equal(413, Problem(problem).Status);
    }

    [Theory]
    [InlineData("multipart/form-data", "x")]
    [InlineData("multipart/form-data; boundary=" + "0123456789012345678901234567890123456789012345678901234567890123456789X", "x")]
    [InlineData("multipart/form-data; boundary=b", "garbage, no boundary in sight")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"document\"; filename=\"r.pdf\"\r\n\r\ncut off")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--b--\r\n")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\nheaders without an end")]
    public async Task A_broken_form_is_a_400_naming_the_body(string contentType, string body)
    {
        var (status, _, errors, _) = Problem((await RequestBody.ReadFormAsync(Form(body, contentType), 1024)).Problem);
        Assert.Equal(400, status);
        Assert.Contains("$", errors.Keys);
    }

    [Fact]
    public async Task Json_is_not_a_form()
    {
        Assert.Equal(415, Problem((await RequestBody.ReadFormAsync(Json("{}"), 1024)).Problem).Status);
    }
}
