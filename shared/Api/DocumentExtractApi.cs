using LiaisonFlow.Documents;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LiaisonFlow.Api;

/// <summary>
/// POST /api/documents/extract: a rapporteur's LS as a .docx in, the fields of a new LS out (as POST /api/liaisons
/// takes them), with where each was found and what could not be read. Nothing is stored.
/// </summary>
public sealed class DocumentExtractApi(Access access, GroupStore groups, IOptions<LiaisonFlowOptions> options)
{
    public const string DocxMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public async Task<IResult> ExtractAsync(HttpContext http)
    {
        if (access.Require(http, out _, Role.Rapporteur, Role.Secretariat) is { } denied) return denied;
        var contentType = http.Request.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals(DocxMediaType, StringComparison.OrdinalIgnoreCase))
            return Unsupported("Content-Type", $"Send the LS as a Word document (Content-Type: {DocxMediaType}), not {contentType ?? "no Content-Type"}.");

        var limit = options.Value.MaxDocumentBytes;
        var (bytes, problem) = await RequestBody.ReadBytesAsync(http.Request, limit);
        if (problem is not null) return problem;
        try
        {
            var text = LsDocumentReader.Read(bytes!);
            var ls = LsTemplateFields.Read(text, await groups.GetDirectoryAsync(http.RequestAborted));
            return Results.Json(ls, ApiJson.Options);
        }
        catch (LsDocumentException e)
        {
            return e.Problem switch
            {
                LsDocumentProblem.NotADocx => Unsupported("body", e.Message),
                LsDocumentProblem.TooLarge => Results.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Document too large",
                    extensions: new Dictionary<string, object?> { ["field"] = "body" }),
                _ => Problems.Field("body", e.Message),
            };
        }
    }

    static IResult Unsupported(string field, string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
