using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>
/// An LS's version as an HTTP entity tag ("\"7\""): GET /api/liaisons/{id} sends it as ETag, and a draft edit
/// may send it back in If-Match so that it applies only to the LS the editor saw.
/// </summary>
public static class VersionTag
{
    public static void Set(HttpContext http, int version) =>
        http.Response.Headers.ETag = string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// The version If-Match asks for: null when the header is absent or "*" (any version). False when the
    /// header is not one entity tag this API gave (a weak tag W/"7" is read as "7").
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out int? version)
    {
        version = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return true;
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        if (header.Length < 3 || header[0] != '"' || header[^1] != '"') return false;
        var digits = header[1..^1];
        if (digits.Length > 9 || !digits.All(char.IsAsciiDigit)) return false;
        version = int.Parse(digits, CultureInfo.InvariantCulture);
        return true;
    }
}
