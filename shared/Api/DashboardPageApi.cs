using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>
/// The TSB dashboard page: static HTML with its CSS and JS inlined, from embedded resources. The page
/// holds no data; its scripts call the API with the visitor's cookie (Azure) or bearer key (local).
/// </summary>
public sealed class DashboardPageApi
{
    static readonly Lazy<(byte[] Html, string Policy)> Page = new(Build);

    public IResult Get(HttpContext http)
    {
        var (html, policy) = Page.Value;
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.CacheControl = "no-cache";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// The template with style and script filled in; the CSP allows exactly those two blocks by hash, and
    /// scripts served by the app itself (the LS actions module, /api/assets/), never inline ones.
    /// </summary>
    static (byte[], string) Build()
    {
        var html = Resource("dashboard.html");
        var css = Resource("dashboard.css");
        var js = Resource("dashboard.js");
        var page = html.Replace("/*STYLE*/", css, StringComparison.Ordinal).Replace("/*SCRIPT*/", js, StringComparison.Ordinal);
        static string Hash(string text) => "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))) + "'";
        var policy = $"default-src 'none'; connect-src 'self'; img-src 'self'; style-src {Hash(css)}; script-src 'self' {Hash(js)}; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return (Encoding.UTF8.GetBytes(page), policy);
    }

    static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LiaisonFlow.Dashboard.Page." + name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
