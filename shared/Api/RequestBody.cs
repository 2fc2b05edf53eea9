using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>Reads a JSON body; malformed JSON becomes a 400 naming where it broke, never a 500.</summary>
public static class RequestBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool optional = false) where T : class
    {
        if (optional && request.ContentLength is 0 or null && !request.Headers.TransferEncoding.Any()) return (null, null);
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType($"Send JSON (Content-Type: application/json), not {type}."));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, request.HttpContext.RequestAborted);
            return value is null && !optional ? (null, Problems.Field("$", "A JSON body is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return (null, Problems.Field(field, $"The JSON is not valid here{where}: {FirstSentence(e.Message)}"));
        }
    }

    static string FirstSentence(string message) => message.Split(" Path:", 2)[0];
}
