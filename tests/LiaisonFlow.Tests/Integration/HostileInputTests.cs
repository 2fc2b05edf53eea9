using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiaisonFlow.Import;
using LiaisonFlow.Tests.Hostile;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace LiaisonFlow.Tests.Integration;

/// <summary>
/// The hostile-input corpus (Hostile/hostile-inputs.json) against one local host with the TSAG data: each case
/// gets the status it expects — a 4xx as problem+json naming the field at fault — never a 500; a refused
/// request stores nothing (the LS it names, the list, and the ids or meeting it would have created are as
/// before); and after every case the shared reads still answer 200. Cases run in order and every failure is
/// reported, with the case's name, at the end.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileInputTests(AzuriteFixture azurite, ITestOutputHelper output) : TsagHostTest(azurite, "hostile")
{
    /// <summary>Read after every case: each must answer 200.</summary>
    static readonly string[] SharedReads =
    [
        "/api/liaisons",
        "/api/liaisons?state=AwaitingReplies",
        "/api/liaisons?group=ITU-T%20SG17",
        "/api/liaisons?number=TSAG-LS3",
        "/api/feed.atom",
        "/api/dashboard/outstanding?asOf=2018-02-01",
        "/api/dashboard/outstanding.csv",
    ];

    HttpClient? http;
    readonly HashSet<string> touched = [];

    HttpClient Http => http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Every_hostile_input_gets_its_answer_and_harms_nothing()
    {
        var corpus = HostileCorpus.Load();
        var clock = Stopwatch.StartNew();
        var results = new List<(HostileCase Case, List<string> Problems)>();
        try
        {
            foreach (var c in corpus)
            {
                var problems = new List<string>();
                try
                {
                    await RunAsync(c, problems);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    problems.Add($"the request failed: {e.GetType().Name}: {e.Message}");
                }
                if (c.KnownBug is not null && problems.Count == 0) problems.Add("marked knownBug, but it passed: remove the mark");
                results.Add((c, problems));
            }
        }
        finally
        {
            http?.Dispose();
        }

        var summary = Summary(results, clock.Elapsed);
        output.WriteLine(summary);
        var failures = results.Where(r => r.Problems.Count > 0).ToList();
        foreach (var (c, problems) in failures) output.WriteLine(Describe(c, problems));
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {results.Count} hostile-input cases failed:\n\n{string.Join("\n", failures.Select(f => Describe(f.Case, f.Problems)))}\n\n{summary}");
    }

    async Task RunAsync(HostileCase c, List<string> problems)
    {
        var logMark = Host.Output.Split(Environment.NewLine).Length;
        var ls = TargetLiaison(c);
        var watched = new List<string>();
        if (c.Refused && c.Method != "GET")
        {
            watched.Add("/api/liaisons");
            if (ls is not null) watched.Add(ls);
            watched.AddRange(c.Unchanged);
        }
        foreach (var path in watched.Where(touched.Contains)) await SettleAsync(path);
        var before = new Dictionary<string, string>();
        foreach (var path in watched) before[path] = await SnapshotAsync(path);

        var (status, contentType, text) = await SendAsync(c);

        if (status != c.Expect)
        {
            problems.Add($"expected {c.Expect}, answered {status} ({contentType ?? "no Content-Type"}): {Excerpt(text)}");
            if (status >= 500)
            {
                await Task.Delay(500); // the host writes its log a moment after it answers
                problems.AddRange(LogSince(logMark).Select(l => "log: " + l));
            }
        }
        else if (status is >= 400 and < 500 && c.RefusedBy is null)
        {
            if (contentType != "application/problem+json") problems.Add($"{status} as {contentType ?? "no Content-Type"}, not application/problem+json: {Excerpt(text)}");
            else CheckProblem(c, text, problems);
        }

        foreach (var path in watched)
        {
            var after = await SnapshotAsync(path);
            if (after != before[path]) problems.Add($"refused, yet GET {path} changed:\n      before: {Excerpt(before[path])}\n      after:  {Excerpt(after)}");
        }
        foreach (var path in Absent(c))
        {
            var (absentStatus, _, absentText) = await GetAsync(path);
            if (absentStatus != 404) problems.Add($"refused, yet GET {path} answered {absentStatus}: {Excerpt(absentText)}");
        }
        if (c.Refused && ImportedMeeting(c) is { } meeting) await CheckMeetingAbsentAsync(meeting, problems);
        foreach (var check in c.Checks) await CheckAsync(check, problems);
        foreach (var path in SharedReads)
        {
            var (readStatus, _, readText) = await GetAsync(path);
            if (readStatus != 200) problems.Add($"afterwards GET {path} answered {readStatus}: {Excerpt(readText)}");
        }

        if (status is >= 200 and < 300 && c.Method != "GET")
        {
            if (ls is not null) touched.Add(ls);
            if (c.Path == "/api/liaisons" && TryParse(text)?["id"] is JsonValue id) touched.Add("/api/liaisons/" + Uri.EscapeDataString((string)id!));
        }
    }

    /// <summary>"/api/liaisons/{id}" for a write to one LS (its commands, replies, documents, deadlines).</summary>
    static string? TargetLiaison(HostileCase c)
    {
        const string prefix = "/api/liaisons/";
        if (!c.Path.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = c.Path[prefix.Length..];
        var slash = rest.IndexOfAny(['/', '?']);
        return slash <= 0 ? null : prefix + rest[..slash];
    }

    /// <summary>The paths a refused case must leave missing: its own list, and the id a refused create names (unless it is an LS the case must leave unchanged).</summary>
    static IEnumerable<string> Absent(HostileCase c)
    {
        foreach (var path in c.Absent) yield return path;
        if (c.Refused && c.Method == "POST" && c.Path == "/api/liaisons" && c.JsonBody is JsonObject body
            && body["id"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Length > 0
            && "/api/liaisons/" + Uri.EscapeDataString(text) is var own && !c.Unchanged.Contains(own))
            yield return own;
    }

    /// <summary>The meeting id a refused import names, when it is one a meeting could be stored under.</summary>
    static string? ImportedMeeting(HostileCase c) =>
        c.Method == "POST" && c.Path == "/api/meetings/import" && c.JsonBody?["meeting"]?["id"] is JsonValue id
            && id.TryGetValue<string>(out var text) && Slugs.IsValid(text) ? text : null;

    /// <summary>Neither the meeting nor any LS of it is stored. The meeting is probed with a draft the API refuses either way.</summary>
    async Task CheckMeetingAbsentAsync(string meeting, List<string> problems)
    {
        var (listStatus, _, list) = await GetAsync($"/api/liaisons?meeting={Uri.EscapeDataString(meeting)}");
        if (listStatus != 200 || TryParse(list) is not JsonArray { Count: 0 })
            problems.Add($"refused, yet GET /api/liaisons?meeting={meeting} answered {listStatus}: {Excerpt(list)}");
        using var probe = Request(HttpMethod.Post, "/api/liaisons", "dev-rapporteur");
        probe.Content = Content(Encoding.UTF8.GetBytes(new JsonObject { ["meetingId"] = meeting }.ToJsonString()), "application/json");
        var (status, _, text) = await ReadAsync(probe);
        if (status != 400 || TryParse(text)?["errors"]?["meetingId"] is null)
            problems.Add($"refused, yet the meeting {meeting} is stored (a draft for it answered {status}: {Excerpt(text)})");
    }

    async Task CheckAsync(HostileCheck check, List<string> problems)
    {
        var (status, _, text) = await GetAsync(check.Path);
        if (status != 200 || TryParse(text) is not JsonArray items)
        {
            problems.Add($"GET {check.Path} answered {status}: {Excerpt(text)}");
            return;
        }
        if (check.Count is { } count && items.Count != count) problems.Add($"GET {check.Path} has {items.Count} items, not {count}: {Excerpt(text)}");
        if (check.Without is { } property && items.Any(i => i?[property] is not null))
            problems.Add($"GET {check.Path}: an item has \"{property}\": {Excerpt(text)}");
    }

    static void CheckProblem(HostileCase c, string text, List<string> problems)
    {
        if (TryParse(text) is not JsonObject problem)
        {
            problems.Add($"the problem+json is not a JSON object: {Excerpt(text)}");
            return;
        }
        if (c.Field is { } field && !Names(problem, field))
            problems.Add($"the problem does not name \"{field}\": {Excerpt(text)}");
        if (c.State is { } state && (string?)problem["state"] != state)
            problems.Add($"the problem's state is \"{(string?)problem["state"]}\", not \"{state}\": {Excerpt(text)}");
    }

    /// <summary>The field, or something inside it, is a key of "errors" (with or without "$."), or the "field" extension.</summary>
    static bool Names(JsonObject problem, string field)
    {
        if (problem["field"] is JsonValue f && f.TryGetValue<string>(out var named) && named == field) return true;
        if (problem["errors"] is not JsonObject errors) return false;
        return errors.Select(e => e.Key).Any(key =>
        {
            if (key == field) return true;
            var bare = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
            return bare == field || bare.StartsWith(field + ".", StringComparison.Ordinal) || bare.StartsWith(field + "[", StringComparison.Ordinal);
        });
    }

    Task<(int Status, string? ContentType, string Text)> SendAsync(HostileCase c)
    {
        var request = Request(new HttpMethod(c.Method), c.Path, c.Key == "none" ? null : c.Key);
        foreach (var (name, value) in c.Headers)
        {
            request.Headers.Remove(name);
            if (!request.Headers.TryAddWithoutValidation(name, value)) throw new InvalidDataException($"{c.Name}: cannot send the header {name}.");
        }
        if (c.Body is not null) request.Content = Content(c.Body, c.ContentType);
        return ReadAndDisposeAsync(request);
    }

    async Task<(int Status, string? ContentType, string Text)> ReadAndDisposeAsync(HttpRequestMessage request)
    {
        using (request) return await ReadAsync(request);
    }

    /// <summary>A request for the path as written: no dot segments removed, nothing re-escaped.</summary>
    HttpRequestMessage Request(HttpMethod method, string path, string? key)
    {
        var uri = new Uri(Host.BaseAddress.ToString().TrimEnd('/') + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var request = new HttpRequestMessage(method, uri);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    static ByteArrayContent Content(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null && !content.Headers.TryAddWithoutValidation("Content-Type", contentType))
            throw new InvalidDataException($"Cannot send the Content-Type {contentType}.");
        return content;
    }

    async Task<(int Status, string? ContentType, string Text)> ReadAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    async Task<(int Status, string? ContentType, string Text)> GetAsync(string path)
    {
        using var request = Request(HttpMethod.Get, path, "dev-secretariat");
        return await ReadAsync(request);
    }

    /// <summary>What GET answers, whole; only a problem's traceId, new on every answer, is left out.</summary>
    async Task<string> SnapshotAsync(string path)
    {
        var (status, contentType, text) = await GetAsync(path);
        if (contentType == "application/problem+json" && TryParse(text) is JsonObject problem && problem.Remove("traceId")) text = problem.ToJsonString();
        return $"{status} {text}";
    }

    /// <summary>Waits (a few seconds at most) until an LS an earlier case changed reads the same twice running, so its workflow's own writes are not taken for the case's.</summary>
    async Task SettleAsync(string path)
    {
        var last = await SnapshotAsync(path);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(250);
            var next = await SnapshotAsync(path);
            if (next == last) return;
            last = next;
        }
    }

    /// <summary>The host's log lines since the case began that say what failed: errors, exceptions and the app's own frames.</summary>
    IEnumerable<string> LogSince(int mark) =>
        Host.Output.Split(Environment.NewLine).Skip(mark)
            .Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)
                || l.Contains("Error response", StringComparison.Ordinal) || l.TrimStart().StartsWith("at LiaisonFlow.", StringComparison.Ordinal))
            .Distinct().Take(12).Select(l => l.Length > 300 ? l[..300] + "…" : l);

    static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    static string Excerpt(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length > 400 ? oneLine[..400] + $"… ({text.Length} characters)" : oneLine;
    }

    static string Describe(HostileCase c, List<string> problems) =>
        $"✗ {c.Name}{(c.KnownBug is null ? "" : $"  [known bug: {c.KnownBug}]")}\n    {c.Method} {Excerpt(c.Path)}\n" +
        string.Join("\n", problems.Select(p => "    " + p));

    static string Summary(List<(HostileCase Case, List<string> Problems)> results, TimeSpan elapsed)
    {
        static string Outcome((HostileCase Case, List<string> Problems) r) =>
            r.Problems.Count == 0 ? "passed" : r.Case.KnownBug is null ? "failed" : "failed (known bug)";
        var text = new StringBuilder();
        text.AppendLine($"Hostile-input corpus: {results.Count} cases in {elapsed.TotalSeconds:0.0} s.");
        text.AppendLine("By outcome: " + string.Join(", ", results.GroupBy(Outcome).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine("By expected status: " + string.Join(", ", results.GroupBy(r => r.Case.Expect).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} ×{g.Count()}{Failed(g)}")));
        text.Append("By category: " + string.Join(", ", results.GroupBy(r => r.Case.Category)
            .Select(g => $"{g.Key} {g.Count()}{Failed(g)}")));
        return text.ToString();

        static string Failed(IEnumerable<(HostileCase Case, List<string> Problems)> group) =>
            group.Count(r => r.Problems.Count > 0) is var n and > 0 ? $" ({n} failed)" : "";
    }
}
