using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>RFC 9457 problem+json answers; validation problems name the field at fault in "errors".</summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors, detail ?? "The request has invalid fields.", title: "Invalid request", statusCode: StatusCodes.Status400BadRequest);

    public static IResult Field(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", extensions: extensions);

    public static IResult TooLarge(long limit) =>
        Results.Problem($"The document is larger than the limit of {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Document too large", extensions: new Dictionary<string, object?> { ["limit"] = limit });

    public static IResult Unauthorized() =>
        Results.Problem("Sign in, or send \"Authorization: Bearer <key>\" with a configured key.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
}
