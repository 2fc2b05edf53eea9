using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LiaisonFlow.Tests.Infrastructure;

namespace LiaisonFlow.Tests.Hostile;

/// <summary>
/// tests/LiaisonFlow.Tests/Hostile/hostile-inputs.json: hostile requests, each with the answer expected.
/// Read from the repository (as the TSAG data is), so adding a case needs no rebuild.
/// </summary>
/// <remarks>
/// <para>A case: <c>name</c>, <c>category</c>, <c>method</c>, <c>path</c> (sent as written: no dot-segment
/// removal, no re-escaping), <c>key</c> (dev-rapporteur, dev-chair, dev-secretariat or none), optional
/// <c>headers</c>, a body — <c>body</c> (a JSON value, sent as JSON; <c>null</c> sends JSON null), <c>bodyText</c>
/// (sent as it is) or <c>bodyBase64</c> (raw bytes) — with <c>contentType</c> (application/json for <c>body</c>
/// when not given), <c>expect</c> (the status), and optionally <c>field</c> (a 4xx names it: a key of
/// <c>errors</c>, with or without "$.", or something inside it, or the <c>field</c> extension), <c>state</c>
/// (a 409's <c>state</c> extension), <c>absent</c> (paths that must answer 404 afterwards), <c>unchanged</c>
/// (paths that must answer the same before and after a refused request), <c>checks</c> (paths read afterwards:
/// <c>{"path", "count", "without"}</c> — the array's length, and a property none of its items has) and
/// <c>knownBug</c> (one line: the app is known to get this case wrong; the case still fails);
/// <c>refusedBy</c> (why the web server refuses it before the app runs: the status is checked, not the problem+json).</para>
/// <para>Generators, anywhere in a body, a path or a header value: <c>{"$repeat": "x", "times": n}</c> (a string),
/// <c>{"$concat": [...]}</c> (strings joined, or arrays concatenated), <c>{"$seq": template, "times": n}</c> (an array
/// of n copies of the template, "{i}" in its strings replaced by 1…n), <c>{"$join": array}</c> (its strings joined), and in a body <c>{"$tsag": {...}}</c>: the TSAG
/// May 2017 import file with <c>meeting</c> (a new meeting id; the LS ids follow), <c>numbers: false</c> (every LS
/// number null) and <c>set</c> (path → value, in order: "meeting.body", "groups[1].id", "liaisons[*].number";
/// <c>{"$pick": n}</c> as a value is the file's n-th LS).</para>
/// </remarks>
public static class HostileCorpus
{
    public static string FilePath => Path.Combine(RepoPaths.Root, "tests", "LiaisonFlow.Tests", "Hostile", "hostile-inputs.json");

    public static readonly IReadOnlySet<string> Keys = new HashSet<string> { "dev-rapporteur", "dev-chair", "dev-secretariat", "none" };

    public static IReadOnlyList<HostileCase> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(FilePath))!;
        return [.. root["cases"]!.AsArray().Select(c => HostileCase.From(c!.AsObject()))];
    }

    /// <summary>The value with every generator replaced by what it makes.</summary>
    public static JsonNode? Expand(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0 && o.First().Key.StartsWith('$'):
                return Generate(o);
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o) copy[k] = Expand(v);
                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(Expand)]);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>A string field that may be a generator.</summary>
    public static string? Text(JsonNode? node) => Expand(node) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new InvalidDataException($"Expected a string, not {other.ToJsonString()}."),
    };

    static JsonNode? Generate(JsonObject o)
    {
        var (kind, argument) = o.First();
        switch (kind)
        {
            case "$repeat":
                var unit = Text(argument)!;
                var times = (int)o["times"]!;
                return JsonValue.Create(new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString());
            case "$concat":
                var parts = argument!.AsArray().Select(Expand).ToList();
                if (parts.All(p => p is JsonArray)) return new JsonArray([.. parts.SelectMany(p => p!.AsArray().Select(i => i?.DeepClone()))]);
                return JsonValue.Create(string.Concat(parts.Select(p => p!.GetValue<string>())));
            case "$join":
                return JsonValue.Create(string.Concat(Expand(argument)!.AsArray().Select(p => p!.GetValue<string>())));
            case "$seq":
                var template = Expand(argument);
                var count = (int)o["times"]!;
                return new JsonArray([.. Enumerable.Range(1, count).Select(i => Numbered(template, i))]);
            case "$tsag":
                return Tsag(argument!.AsObject());
            default:
                throw new InvalidDataException($"Unknown generator {kind}.");
        }
    }

    static JsonNode? Numbered(JsonNode? template, int i) => template switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Numbered(p.Value, i)))),
        JsonArray a => new JsonArray([.. a.Select(x => Numbered(x, i))]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(s.Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
        _ => template?.DeepClone(),
    };

    const string TsagMeeting = "tsag-2017-05";

    static JsonNode Tsag(JsonObject spec)
    {
        var original = JsonNode.Parse(File.ReadAllText(RepoPaths.TsagData))!;
        var file = original.DeepClone();
        if ((string?)spec["meeting"] is { } meeting)
        {
            file["meeting"]!["id"] = meeting;
            foreach (var ls in file["liaisons"]!.AsArray())
                ls!["id"] = meeting + ((string)ls["id"]!)[TsagMeeting.Length..];
        }
        if (spec["numbers"] is JsonValue numbers && !numbers.GetValue<bool>())
            foreach (var ls in file["liaisons"]!.AsArray()) ls!["number"] = null;
        var liaisons = file["liaisons"]!.AsArray().Select(l => l!.DeepClone()).ToList();
        foreach (var (path, raw) in spec["set"]?.AsObject() ?? new JsonObject())
            Set(file, path, Expand(Picked(raw, liaisons)));
        return file;
    }

    /// <summary>The value with every <c>{"$pick": n}</c> replaced by the file's n-th LS.</summary>
    static JsonNode? Picked(JsonNode? node, List<JsonNode> liaisons) => node switch
    {
        JsonObject { Count: 1 } o when o["$pick"] is { } index => liaisons[(int)index].DeepClone(),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Picked(p.Value, liaisons)))),
        JsonArray a => new JsonArray([.. a.Select(x => Picked(x, liaisons))]),
        _ => node?.DeepClone(),
    };

    static readonly Regex Segment = new(@"^(?<name>[A-Za-z]+)(\[(?<index>\d+|\*)\])?$");

    /// <summary>Sets "a.b[2].c" (or every item with [*]) to <paramref name="value"/>.</summary>
    static void Set(JsonNode root, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        IEnumerable<(JsonNode Parent, object Slot)> targets = [(root, "")];
        for (var s = 0; s < segments.Length; s++)
        {
            var m = Segment.Match(segments[s]);
            if (!m.Success) throw new InvalidDataException($"Cannot read the path {path}.");
            var name = m.Groups["name"].Value;
            var last = s == segments.Length - 1;
            var next = new List<(JsonNode, object)>();
            foreach (var (parent, slot) in targets)
            {
                var node = slot is "" ? parent : Get(parent, slot);
                if (!m.Groups["index"].Success) { next.Add((node!, name)); continue; }
                var array = node![name]!.AsArray();
                var indexes = m.Groups["index"].Value == "*" ? Enumerable.Range(0, array.Count) : [int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)];
                next.AddRange(indexes.Select(i => ((JsonNode)array, (object)i)));
            }
            targets = next;
            if (last)
                foreach (var (parent, slot) in targets)
                    if (slot is int i) parent.AsArray()[i] = value?.DeepClone();
                    else parent.AsObject()[(string)slot] = value?.DeepClone();
        }
    }

    static JsonNode? Get(JsonNode parent, object slot) => slot is int i ? parent.AsArray()[i] : parent[(string)slot];
}

public sealed record HostileCheck(string Path, int? Count, string? Without);

public sealed record HostileCase(
    string Name, string Category, string Method, string Path, string Key, IReadOnlyDictionary<string, string> Headers,
    string? ContentType, byte[]? Body, int Expect, string? Field, string? State,
    IReadOnlyList<string> Absent, IReadOnlyList<string> Unchanged, IReadOnlyList<HostileCheck> Checks, string? KnownBug, JsonNode? JsonBody,
    string? RefusedBy = null)
{
    public override string ToString() => Name;

    public bool Refused => Expect >= 300;

    public static HostileCase From(JsonObject c)
    {
        string Required(string name) => (string?)c[name] ?? throw new InvalidDataException($"A case lacks \"{name}\": {Excerpt(c)}");
        var name = Required("name");
        try
        {
            var contentType = (string?)c["contentType"];
            byte[]? body = null;
            JsonNode? json = null;
            if (c.ContainsKey("body"))
            {
                json = HostileCorpus.Expand(c["body"]);
                body = Encoding.UTF8.GetBytes(json?.ToJsonString() ?? "null");
                contentType ??= "application/json";
            }
            else if (c.ContainsKey("bodyText")) body = Encoding.UTF8.GetBytes(HostileCorpus.Text(c["bodyText"])!);
            else if (c.ContainsKey("bodyBase64")) body = Convert.FromBase64String((string)c["bodyBase64"]!);
            var headers = (c["headers"]?.AsObject() ?? new JsonObject()).ToDictionary(h => h.Key, h => HostileCorpus.Text(h.Value)!);
            return new HostileCase(
                name, Required("category"), Required("method"), HostileCorpus.Text(c["path"])!, Required("key"), headers,
                contentType, body, (int)c["expect"]!, (string?)c["field"], (string?)c["state"],
                Strings(c["absent"]), Strings(c["unchanged"]),
                [.. (c["checks"]?.AsArray() ?? []).Select(k => new HostileCheck((string)k!["path"]!, (int?)k["count"], (string?)k["without"]))],
                (string?)c["knownBug"], json, (string?)c["refusedBy"]);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"Case \"{name}\" cannot be read: {e.Message}", e);
        }
    }

    static List<string> Strings(JsonNode? node) => [.. (node?.AsArray() ?? []).Select(s => (string)s!)];

    static string Excerpt(JsonObject c) => c.ToJsonString() is { Length: > 200 } s ? s[..200] + "…" : c.ToJsonString();
}
