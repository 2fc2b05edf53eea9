using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LiaisonFlow.Storage.Metering;

/// <summary>
/// An Azure SDK pipeline policy, one per client and service, placed per retry so each request sent (and
/// billed) is counted once: what it was, on which table or container, and how many entities it read (a
/// query's page, counted from the answer) or wrote (a transaction's operations, counted from its body).
/// </summary>
public sealed partial class StorageRequestPolicy(StorageRequestCounter counter, StorageService service) : HttpPipelinePolicy
{
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    void Count(HttpMessage message)
    {
        var method = message.Request.Method.Method.ToUpperInvariant();
        var uri = message.Request.Uri.ToUri();
        var segments = ResourceSegments(uri);
        var succeeded = message.HasResponse && message.Response.Status is >= 200 and < 300;
        var (resource, operation, read, written) = service switch
        {
            StorageService.Table => Table(method, uri, segments, message, succeeded),
            StorageService.Blob => Blob(method, uri, segments, succeeded),
            _ => (segments.FirstOrDefault() ?? "", StorageOperation.Other, 0L, 0L),
        };
        counter.Add(new StorageOperationKey(service, resource, operation), read, written);
    }

    static (string, StorageOperation, long, long) Table(string method, Uri uri, string[] segments, HttpMessage message, bool succeeded)
    {
        var first = segments.FirstOrDefault() ?? "";
        var name = first.Split('(')[0];
        if (name == "$batch")
        {
            var (table, operations) = BatchBody(message);
            // A refused transaction is still answered 202; its one inner answer says why (and nothing was written).
            var refused = succeeded && BatchAnswer().Matches(ResponseText(message)).Any(m => m.Groups["status"].Value[0] is '4' or '5');
            return (table, StorageOperation.Transaction, 0, succeeded && !refused ? operations : 0);
        }
        if (name == "Tables") return (TableNameInBody(message) ?? name, method == "POST" ? StorageOperation.CreateTable : StorageOperation.Other, 0, 0);
        var keyed = first.Contains("(PartitionKey=", StringComparison.Ordinal);
        return method switch
        {
            "GET" when keyed => (name, StorageOperation.PointRead, succeeded ? 1 : 0, 0),
            "GET" => (name, StorageOperation.Query, succeeded ? QueryPage(message) : 0, 0),
            "POST" => (name, StorageOperation.Insert, 0, succeeded ? 1 : 0),
            "PUT" or "PATCH" or "MERGE" => (name, StorageOperation.Update, 0, succeeded ? 1 : 0),
            "DELETE" => (name, StorageOperation.Delete, 0, succeeded ? 1 : 0),
            _ => (name, StorageOperation.Other, 0, 0),
        };
    }

    static (string, StorageOperation, long, long) Blob(string method, Uri uri, string[] segments, bool succeeded)
    {
        var container = segments.FirstOrDefault() ?? "";
        var isContainer = uri.Query.Contains("restype=container", StringComparison.OrdinalIgnoreCase);
        var operation = method switch
        {
            "PUT" when isContainer => StorageOperation.CreateContainer,
            "PUT" => StorageOperation.Upload,
            "GET" when segments.Length > 1 => StorageOperation.Download,
            "HEAD" => StorageOperation.Properties,
            "DELETE" => StorageOperation.Delete,
            _ => StorageOperation.Other,
        };
        return (container, operation, operation == StorageOperation.Download && succeeded ? 1 : 0, operation == StorageOperation.Upload && succeeded ? 1 : 0);
    }

    /// <summary>The path below the account: Azurite and other emulators put the account first in the path.</summary>
    static string[] ResourceSegments(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out _);
        return pathStyle && segments.Length > 0 ? segments[1..] : segments;
    }

    /// <summary>The entities in a query's page: its "value" array.</summary>
    static long QueryPage(HttpMessage message)
    {
        try
        {
            using var json = JsonDocument.Parse(message.Response.Content);
            return json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return 0; // not buffered, or not JSON: the request still counts
        }
    }

    /// <summary>A transaction's table and its number of operations, from the multipart body's request lines.</summary>
    static (string Table, long Operations) BatchBody(HttpMessage message)
    {
        var body = Body(message);
        var lines = BatchRequestLine().Matches(body);
        var table = lines.Count == 0 ? "$batch" : Uri.TryCreate(lines[0].Groups["url"].Value, UriKind.Absolute, out var url) ? (ResourceSegments(url).FirstOrDefault() ?? "").Split('(')[0] : "$batch";
        return (table, lines.Count);
    }

    static string? TableNameInBody(HttpMessage message) =>
        TableNameProperty().Match(Body(message)) is { Success: true } m ? m.Groups["name"].Value : null;

    static string ResponseText(HttpMessage message)
    {
        try
        {
            return message.Response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return ""; // not buffered
        }
    }

    static string Body(HttpMessage message)
    {
        if (message.Request.Content is not { } content) return "";
        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [GeneratedRegex(@"^(?:POST|PUT|PATCH|MERGE|DELETE) (?<url>\S+) HTTP/1\.1\r?$", RegexOptions.Multiline)]
    private static partial Regex BatchRequestLine();

    [GeneratedRegex(@"^HTTP/1\.1 (?<status>\d{3})", RegexOptions.Multiline)]
    private static partial Regex BatchAnswer();

    [GeneratedRegex("\"TableName\"\\s*:\\s*\"(?<name>[^\"]+)\"")]
    private static partial Regex TableNameProperty();
}
