using System.Collections;
using System.Text.Json;
using LiaisonFlow.Hosting;
using LiaisonFlow.Import;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using KestrelServerOptions = Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LiaisonFlow.Api;

/// <summary>
/// Reads request bodies within their limits: JSON up to a size and a nesting depth, multipart forms up to
/// the document limit. Whatever the body is — malformed, truncated, too large, too deep — the answer is a
/// 400 naming where it broke or a 413 naming the limit, as problem+json; never a 500.
/// </summary>
public static class RequestBody
{
    /// <summary>Largest JSON body of a command, a draft, a reply or a deadline.</summary>
    public const long MaxJsonBytes = 1024 * 1024;

    /// <summary>Largest meeting import file (a whole meeting's LSs in one JSON body).</summary>
    public const long MaxImportBytes = 8 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted; the API's bodies need a handful of levels.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>What a multipart body may carry besides its document: boundaries, part headers, the form's text fields.</summary>
    public const long MultipartOverheadBytes = 1024 * 1024;

    static readonly JsonSerializerOptions Reading = new(ApiJson.Options) { MaxDepth = MaxJsonDepth };

    /// <summary>The JSON limit of <typeparamref name="T"/> when the caller names none: the import file's, else <see cref="MaxJsonBytes"/>.</summary>
    public static long DefaultMaxBytes<T>() => typeof(T) == typeof(MeetingImportFile) ? MaxImportBytes : MaxJsonBytes;

    /// <summary>
    /// Reads a JSON body into <typeparamref name="T"/>. With <paramref name="optional"/>, an empty body is
    /// (null, null). <paramref name="maxBytes"/> defaults to <see cref="DefaultMaxBytes{T}"/>.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool optional = false, long? maxBytes = null) where T : class
    {
        var limit = maxBytes ?? DefaultMaxBytes<T>();
        if (optional && request.ContentLength is 0 or null && !request.Headers.TransferEncoding.Any()) return (null, null);
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType($"Send JSON (Content-Type: application/json), not {type}."));
        if (request.ContentLength > limit) return (null, Problems.BodyTooLarge(limit, "JSON body"));

        byte[]? json;
        try
        {
            json = await ReadAtMostAsync(request.Body, limit, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? Problems.BodyTooLarge(limit, "JSON body") : Problems.Field("$", $"The body could not be read: {e.Message}"));
        }
        catch (IOException e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (null, Problems.Field("$", $"The body could not be read: {e.Message}"));
        }
        if (json is null) return (null, Problems.BodyTooLarge(limit, "JSON body"));
        var text = json.AsMemory(json.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);

        var root = RootKind(text.Span);
        if (root is null)
            return optional ? (null, null) : (null, Problems.Field("$", "A JSON body is required."));
        if (TooDeep(text.Span) is { } deepPath)
            return (null, Problems.Field(deepPath, $"The JSON nests deeper than {MaxJsonDepth} levels here."));

        var expected = typeof(IEnumerable).IsAssignableFrom(typeof(T)) ? "an array" : "an object";
        try
        {
            var value = JsonSerializer.Deserialize<T>(text.Span, Reading);
            return value is null
                ? (null, Problems.Field("$", $"The body is JSON null; send {expected}."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            if (field == "$" && root != expected && root != "not JSON")
                return (null, Problems.Field("$", $"The body must be {expected} in JSON, not {root}."));
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return (null, Problems.Field(field, $"The JSON is not valid here{where}: {FirstSentence(e.Message)}"));
        }
    }

    /// <summary>
    /// Reads a form (multipart/form-data or urlencoded) whose files are at most <paramref name="maxBytes"/> each,
    /// the whole body at most that plus <see cref="MultipartOverheadBytes"/>. Size problems are a 413 naming the
    /// limit; a body that is not a well-formed form (no boundary, truncated, garbage, a part without a usable
    /// Content-Disposition) is a 400 naming "$"; a file over the limit is a 413 naming "document".
    /// </summary>
    /// <param name="maxValueBytes">The largest text field, when a form carries more than the host's default (4 MiB) in one: a raw MIME message.</param>
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpRequest request, long maxBytes, int? maxValueBytes = null)
    {
        if (!request.HasFormContentType)
            return (null, Problems.UnsupportedMediaType($"Send a form (multipart/form-data), not {request.ContentType ?? "no Content-Type"}."));
        var bodyLimit = WithOverhead(maxBytes);
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(media.Boundary);
            if (boundary.Length == 0)
                return (null, Problems.Field("$", "A multipart/form-data body needs a boundary: Content-Type: multipart/form-data; boundary=…"));
            if (boundary.Length > 70)
                return (null, Problems.Field("$", "The multipart boundary is longer than 70 characters (RFC 2046)."));
        }
        if (request.ContentLength > bodyLimit) return (null, Problems.TooLarge(maxBytes, "document"));

        var context = request.HttpContext;
        // The server's own ceiling follows this request's limit, where the server lets it be changed
        // (Kestrel, before the body is read): the Functions worker's Kestrel keeps its 30,000,000-byte
        // default otherwise, and would cut a 50 MiB document off with a 500 from the Functions host.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
            serverLimit.MaxRequestBodySize = bodyLimit;

        var original = request.Body;
        var counted = new CountingStream(original, bodyLimit);
        request.Body = counted;
        try
        {
            if (context.Features.Get<IFormFeature>() is not { Form: not null })
            {
                // The host's form options, with no part allowed past the body's own limit (which counts first).
                var configured = context.RequestServices?.GetService<IOptions<FormOptions>>()?.Value ?? new FormOptions();
                context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
                {
                    BufferBody = false,
                    MemoryBufferThreshold = configured.MemoryBufferThreshold,
                    BufferBodyLengthLimit = configured.BufferBodyLengthLimit,
                    ValueCountLimit = configured.ValueCountLimit,
                    KeyLengthLimit = configured.KeyLengthLimit,
                    ValueLengthLimit = maxValueBytes ?? configured.ValueLengthLimit,
                    MultipartBoundaryLengthLimit = configured.MultipartBoundaryLengthLimit,
                    MultipartHeadersCountLimit = configured.MultipartHeadersCountLimit,
                    MultipartHeadersLengthLimit = configured.MultipartHeadersLengthLimit,
                    MultipartBodyLengthLimit = Math.Max(configured.MultipartBodyLengthLimit, bodyLimit),
                }));
            }
            var form = await request.ReadFormAsync(context.RequestAborted);
            if (form.Files.FirstOrDefault(f => f.Length > maxBytes) is { } large)
                return (null, Problems.TooLarge(maxBytes, large.Name is { Length: > 0 } name ? name : "document"));
            return (form, null);
        }
        catch (Exception e) when (counted.Exceeded || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return (null, Problems.TooLarge(maxBytes, "document"));
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            // InvalidDataException: a broken part or a form limit; IOException (BadHttpRequestException is one): a
            // body that ends early, an unreadable chunk.
            return (null, Problems.Field("$", $"The form could not be read: {e.Message}"));
        }
        finally
        {
            request.Body = original;
        }
    }

    /// <summary>
    /// Reads a raw body (a document to read, not to store) into memory, at most <paramref name="maxBytes"/>: larger is a
    /// 413 naming the limit, from its Content-Length or while reading; a body that breaks off is a 400 naming "body".
    /// </summary>
    public static async Task<(byte[]? Bytes, IResult? Problem)> ReadBytesAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes) return (null, Problems.TooLarge(maxBytes, "body"));
        try
        {
            var bytes = await ReadAtMostAsync(request.Body, maxBytes, request.HttpContext.RequestAborted);
            return bytes is null ? (null, Problems.TooLarge(maxBytes, "body")) : (bytes, null);
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? Problems.TooLarge(maxBytes, "body") : Problems.Field("body", $"The body could not be read: {e.Message}"));
        }
        catch (IOException e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (null, Problems.Field("body", $"The body could not be read: {e.Message}"));
        }
    }

    /// <summary>
    /// The host's limits (local host, and the Functions worker's Kestrel when its Program calls this): the
    /// largest body any route accepts — a document plus multipart overhead, or an import file — so the
    /// handlers' own checks, with problem+json naming the limit, are what callers see.
    /// </summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LiaisonFlowOptions>>((kestrel, options) =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes(options.Value);
            // Long enough that an over-long query value reaches the app and is refused naming its field.
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<LiaisonFlowOptions>>((form, options) =>
            form.MultipartBodyLengthLimit = WithOverhead(options.Value.MaxDocumentBytes));
        return services;
    }

    /// <summary>Request line (method, path, query): Kestrel's default is 8 KiB.</summary>
    public const int MaxRequestLineBytes = 32 * 1024;

    /// <summary>The largest request body the host lets through to the handlers.</summary>
    public static long MaxBodyBytes(LiaisonFlowOptions options) => Math.Max(WithOverhead(options.MaxDocumentBytes), MaxImportBytes);

    /// <summary>A multipart body's limit for a document limit: that plus <see cref="MultipartOverheadBytes"/>.</summary>
    static long WithOverhead(long documentBytes) =>
        documentBytes > long.MaxValue - MultipartOverheadBytes ? long.MaxValue : documentBytes + MultipartOverheadBytes;

    /// <summary>The body's bytes, or null when it has more than <paramref name="maxBytes"/>.</summary>
    static async Task<byte[]?> ReadAtMostAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>"an object", "an array", "a string", … for the first token; null when there is none (empty or blank).</summary>
    static string? RootKind(ReadOnlySpan<byte> json)
    {
        var start = json.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0) return null;
        return json[start] switch
        {
            (byte)'{' => "an object",
            (byte)'[' => "an array",
            (byte)'"' => "a string",
            (byte)'t' or (byte)'f' => "a boolean",
            (byte)'n' => "null",
            (byte)'-' or (>= (byte)'0' and <= (byte)'9') => "a number",
            _ => "not JSON",
        };
    }

    /// <summary>The path of the first object or array nested deeper than <see cref="MaxJsonDepth"/>, or null.</summary>
    /// <remarks>Malformed JSON before that point is left to the serializer, which names where it broke.</remarks>
    static string? TooDeep(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxJsonDepth + 1 });
        // One entry per open container: the path to it, and the next index if it is an array (-1 for an object).
        var paths = new List<(string Path, int Index)>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = ChildPath(paths, property);
                        if (reader.CurrentDepth >= MaxJsonDepth) return path;
                        paths.Add((path, reader.TokenType == JsonTokenType.StartArray ? 0 : -1));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        paths.RemoveAt(paths.Count - 1);
                        break;
                    default:
                        ChildPath(paths, property);
                        break;
                }
                property = null;
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>The path of the value about to be read in the innermost open container; counts it when that is an array.</summary>
    static string ChildPath(List<(string Path, int Index)> paths, string? property)
    {
        if (paths.Count == 0) return "$";
        var (parent, index) = paths[^1];
        if (index >= 0)
        {
            paths[^1] = (parent, index + 1);
            return $"{parent}[{index}]";
        }
        return property is not null && property.Length > 0 && property.All(c => char.IsLetterOrDigit(c) || c is '_' or '-')
            ? $"{parent}.{property}"
            : $"{parent}['{property?.Replace("'", "\\'")}']";
    }

    static string FirstSentence(string message) => message.Split(" Path:", 2)[0];

    /// <summary>Passes a body through, throwing once more than its limit has come.</summary>
    sealed class CountingStream(Stream inner, long limit) : Stream
    {
        long total;

        public bool Exceeded { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        int Count(int read)
        {
            total += read;
            if (total > limit)
            {
                Exceeded = true;
                throw new IOException($"The body is larger than {limit} bytes.");
            }
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
