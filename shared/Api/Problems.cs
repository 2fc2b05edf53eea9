using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LiaisonFlow.Api;

/// <summary>RFC 9457 problem+json answers; validation problems name the field at fault in "errors".</summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors, detail ?? "The request has invalid fields.", title: "Invalid request", statusCode: StatusCodes.Status400BadRequest);

    public static IResult Field(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    /// <summary>
    /// The answer to a change the stored LS did not take: 404 for an unknown LS, 409 naming the stored
    /// state, 400 naming another field it refused; null when it was made (or had been made before).
    /// </summary>
    public static IResult? Of(Storage.ChangeResult result, string id) => result.Outcome switch
    {
        Storage.ChangeOutcome.NotFound => NotFound($"No LS \"{id}\"."),
        Storage.ChangeOutcome.Refused when result.Field is null or "state" =>
            Conflict(result.Message!, new Dictionary<string, object?> { ["state"] = result.Current!.State.ToString() }),
        Storage.ChangeOutcome.Refused when result.Field is "If-Match" => PreconditionFailed(result.Message!, result.Current!.Version),
        Storage.ChangeOutcome.Refused => Field(result.Field, result.Message!),
        _ => null,
    };

    /// <summary>412: If-Match named a version the LS is no longer at; the answer names the current one.</summary>
    public static IResult PreconditionFailed(string detail, int version) =>
        Results.Problem(detail, statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
            extensions: new Dictionary<string, object?> { ["field"] = "If-Match", ["version"] = version });

    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", extensions: extensions);

    public static IResult TooLarge(long limit, string? field = null) =>
        Results.Problem($"The document is larger than the limit of {limit} bytes ({Size(limit)}).", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Document too large", extensions: field is null
                ? new Dictionary<string, object?> { ["limit"] = limit }
                : new Dictionary<string, object?> { ["limit"] = limit, ["field"] = field });

    /// <summary>413 for a body other than a document (<paramref name="what"/>: "JSON body", "request body").</summary>
    public static IResult BodyTooLarge(long limit, string what) =>
        Results.Problem($"The {what} is larger than the limit of {limit} bytes ({Size(limit)}).", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request too large", extensions: new Dictionary<string, object?> { ["limit"] = limit });

    /// <summary>
    /// For the host's problem details service: a request the server refused while the app read it
    /// (BadHttpRequestException — over the server's body limit, cut short, malformed chunks) says why,
    /// and a 413 names the limit, as the handlers' own 413s do.
    /// </summary>
    public static void DescribeRejectedRequest(ProblemDetailsContext context)
    {
        if (context.Exception is not BadHttpRequestException rejected) return;
        var problem = context.ProblemDetails;
        problem.Status = rejected.StatusCode;
        if (rejected.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            problem.Title = "Bad request";
            problem.Detail = $"The request could not be read: {rejected.Message}";
            return;
        }
        problem.Title = "Request too large";
        problem.Detail = "The request body is larger than the server accepts.";
        if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit)
        {
            problem.Detail = $"The request body is larger than the limit of {limit} bytes ({Size(limit)}).";
            problem.Extensions["limit"] = limit;
        }
    }

    /// <summary>"50 MiB", "1.5 MiB", "512 KiB", "100 bytes".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.##} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.##} KiB"),
        _ => $"{bytes} bytes",
    };

    public static IResult Unauthorized() =>
        Results.Problem("Sign in, or send \"Authorization: Bearer <key>\" with a configured key.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
}
