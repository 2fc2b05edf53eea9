using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>
/// The New LS and Plenary pages and the files they load (their modules, lit-html, the shared style),
/// from embedded resources. Pages and files hold no data: their scripts call the API with the visitor's
/// cookie (Azure) or bearer key (local), so serving them needs no sign-in.
/// </summary>
public sealed class PagesApi
{
    /// <summary>Every page: its address under /api/pages/, its title and its one module.</summary>
    public static readonly FrozenDictionary<string, (string Title, string Module)> Pages = new Dictionary<string, (string, string)>
    {
        ["new-liaison"] = ("New liaison statement", "new-liaison.js"),
        ["plenary"] = ("Plenary: endorse liaison statements", "plenary.js"),
    }.ToFrozenDictionary();

    // The only files /api/assets/ serves: a name not listed is a 404, so no path reaches anything else.
    static readonly FrozenDictionary<string, string> AssetTypes = new Dictionary<string, string>
    {
        ["lit-html.js"] = "text/javascript; charset=utf-8",
        ["page-frame.js"] = "text/javascript; charset=utf-8",
        ["deadline-reading.js"] = "text/javascript; charset=utf-8",
        ["new-liaison.js"] = "text/javascript; charset=utf-8",
        ["plenary.js"] = "text/javascript; charset=utf-8",
        ["liaison-actions.js"] = "text/javascript; charset=utf-8",
        ["holding-pen.js"] = "text/javascript; charset=utf-8",
        ["pages.css"] = "text/css; charset=utf-8",
        // Without an icon of its own the browser asks for /favicon.ico, a 404 on every page.
        ["favicon.svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Scripts only from this app and only as files (no inline script, no eval); styles likewise.</summary>
    const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static readonly Lazy<string> Template = new(() => Encoding.UTF8.GetString(Resource("page.html")));

    public IResult GetPage(HttpContext http, string name)
    {
        if (!Pages.TryGetValue(name, out var page)) return Problems.NotFound($"There is no page {name}.");
        var html = Template.Value
            .Replace("{{TITLE}}", page.Title, StringComparison.Ordinal)
            .Replace("{{MODULE}}", page.Module, StringComparison.Ordinal);
        NoSniff(http, "no-cache");
        http.Response.Headers.ContentSecurityPolicy = Policy;
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");
    }

    public IResult GetAsset(HttpContext http, string file)
    {
        if (!AssetTypes.TryGetValue(file, out var contentType)) return Problems.NotFound($"There is no asset {file}.");
        var (bytes, etag) = Assets.Value[file];
        // Revalidated on every load (no-cache) so a new build is picked up at once; unchanged files answer 304.
        NoSniff(http, "no-cache");
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Contains(etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, contentType);
    }

    static readonly Lazy<FrozenDictionary<string, (byte[] Bytes, string ETag)>> Assets = new(() => AssetTypes.Keys.ToFrozenDictionary(
        name => name,
        name =>
        {
            var bytes = Resource(name);
            return (bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
        }));

    static void NoSniff(HttpContext http, string cacheControl)
    {
        http.Response.Headers.CacheControl = cacheControl;
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
    }

    static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LiaisonFlow.Pages." + name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
