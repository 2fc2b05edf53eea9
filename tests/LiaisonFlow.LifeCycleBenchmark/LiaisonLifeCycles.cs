using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiaisonFlow.Api;
using LiaisonFlow.Storage.Metering;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.LifeCycleBenchmark;

/// <summary>
/// Run (a): N LiaisonFlow life cycles at once through the HTTP API, as TSB's people would drive them —
/// a draft to five groups for action, submitted, endorsed (numbered, dispatched with a mail per group),
/// five replies registered, the LS closing itself — timed from the create to AwaitingReplies and to
/// the end of its orchestration (Closed), then checked from the store: every LS Closed, every mail sent
/// exactly once.
/// </summary>
sealed class LiaisonLifeCycles(LocalStack stack, DurableTaskClient durable, int clientConcurrency)
{
    public const string Meeting = "tsag-2017-05";
    static readonly string[] Groups = ["ITU-T SG2", "ITU-T SG3", "ITU-T SG5", "ITU-T SG9", "ITU-T SG11"];

    readonly SemaphoreSlim slots = new(clientConcurrency);
    readonly HttpClient rapporteur = Client(stack, "dev-rapporteur");
    readonly HttpClient chair = Client(stack, "dev-chair");
    readonly HttpClient secretariat = Client(stack, "dev-secretariat");

    static HttpClient Client(LocalStack stack, string key)
    {
        var client = new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static string IdOf(int i) => $"bench-ls{i:D5}";

    /// <summary>The warm-up's LSs: apart from the measured ones, so neither their engine work nor their checks mix in.</summary>
    static string WarmUpIdOf(int i) => $"warmup-ls{i:D5}";

    /// <summary>The meeting the LSs belong to, with its groups, and none of its LSs (imported before the counting starts).</summary>
    public async Task ImportMeetingAsync(string root)
    {
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "data", "meetings", Meeting + ".json")))!;
        file["liaisons"] = new JsonArray();
        await SendAsync(secretariat, HttpMethod.Post, "api/meetings/import", file, 200);
    }

    /// <summary>The app's storage requests counted so far (the host runs with LiaisonFlow:CountStorageRequests on).</summary>
    public async Task<StorageRequestCounts> StorageRequestsAsync()
    {
        using var response = await secretariat.GetAsync("api/admin/storage-requests");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<StorageRequestCounts>(ApiJson.Options) ?? throw new InvalidOperationException("No storage request counts.");
    }

    public Task<IReadOnlyList<LifeCycleTimes>> RunAsync(int count, Stopwatch clock, TimeSpan timeout) =>
        RunAsync(count, IdOf, 1000, clock, timeout);

    /// <summary>
    /// Life cycles run before the measured ones and not counted, so that the measured run finds the host as
    /// it is after its first minutes (code compiled by the JIT's later tiers, pools and caches filled)
    /// rather than paying its start-up inside a 20-second run.
    /// </summary>
    public Task<IReadOnlyList<LifeCycleTimes>> WarmUpAsync(int count, TimeSpan timeout) =>
        RunAsync(count, WarmUpIdOf, 5000, Stopwatch.StartNew(), timeout);

    async Task<IReadOnlyList<LifeCycleTimes>> RunAsync(int count, Func<int, string> idOf, int tdBase, Stopwatch clock, TimeSpan timeout)
    {
        await using var watcher = new InstanceWatcher(durable, clock, InstanceWatcher.IntervalFor(count));
        var runs = Enumerable.Range(1, count).Select(i => LifeCycleAsync(i, idOf(i), tdBase, watcher, clock)).ToList();
        var all = Task.WhenAll(runs);
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all) watcher.GiveUp();
        return await all;
    }

    async Task<LifeCycleTimes> LifeCycleAsync(int i, string id, int tdBase, InstanceWatcher watcher, Stopwatch clock)
    {
        TimeSpan? awaitingReplies = null;
        try
        {
            var start = clock.Elapsed;
            await SendAsync(rapporteur, HttpMethod.Post, "api/liaisons", new
            {
                id,
                meetingId = Meeting,
                title = $"Benchmark LS {i}",
                sourceGroup = "RG-SC",
                td = $"TD{tdBase + i}",
                contact = new { name = "Bench Rapporteur", email = "rg-sc.rapporteur@liaisonflow.example" },
                addressees = Groups.Select(g => new { group = g, purpose = "for action", deadline = "before 31 December 2099" }),
            }, 201);
            var submitted = await SendAsync(rapporteur, HttpMethod.Post, $"api/liaisons/{id}/submit", null, 202);
            if ((string?)submitted?["state"] != "AwaitingEndorsement") throw new InvalidOperationException($"submit answered state {submitted?["state"]}");
            await SendAsync(chair, HttpMethod.Post, $"api/liaisons/{id}/endorse", null, 202);
            awaitingReplies = await watcher.WaitAsync(id, o => StateOf(o) is "AwaitingReplies" or "Closed" || o.RuntimeStatus == OrchestrationRuntimeStatus.Completed) - start;
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
            foreach (var group in Groups)
                await SendAsync(secretariat, HttpMethod.Post, $"api/liaisons/{id}/replies",
                    new { fromGroup = group, reference = $"{group.Replace("ITU-T ", "")}-LS{i}", receivedOn = today }, 201);
            var closed = await watcher.WaitAsync(id, o => o.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated) - start;
            return new LifeCycleTimes(id, awaitingReplies, closed, null);
        }
        catch (Exception e)
        {
            return new LifeCycleTimes(id, awaitingReplies, null, e.Message);
        }
    }

    static string? StateOf(OrchestrationMetadata o)
    {
        if (string.IsNullOrEmpty(o.SerializedCustomStatus)) return null;
        using var status = JsonDocument.Parse(o.SerializedCustomStatus);
        return status.RootElement.ValueKind == JsonValueKind.Object && status.RootElement.TryGetProperty("state", out var state) ? state.GetString() : null;
    }

    /// <summary>What the store says of each LS once the run is over: its state, and its mail log.</summary>
    public async Task<LifeCycleCheck> CheckAsync(int count)
    {
        var checks = await Task.WhenAll(Enumerable.Range(1, count).Select(async i =>
        {
            var id = IdOf(i);
            var ls = await SendAsync(secretariat, HttpMethod.Get, $"api/liaisons/{id}", null, 200);
            var mail = (await SendAsync(secretariat, HttpMethod.Get, $"api/mail?liaison={Uri.EscapeDataString(id)}", null, 200))!.AsArray();
            return (Id: id, State: (string?)ls?["state"], Mail: mail.Select(m => new MailRow(
                id, (string)m!["key"]!, m["kind"]!.ToString(), m["status"]!.ToString(), (int)m["attempts"]!, (string)m["messageId"]!)).ToList());
        }));
        return new LifeCycleCheck(
            [.. checks.Where(c => c.State != "Closed").Select(c => $"{c.Id}: {c.State ?? "missing"}")],
            [.. checks.SelectMany(c => c.Mail)]);
    }

    async Task<JsonNode?> SendAsync(HttpClient client, HttpMethod method, string path, object? body, int expected)
    {
        await slots.WaitAsync();
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode != expected) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        finally
        {
            slots.Release();
        }
    }
}

/// <summary>One row of an LS's mail log.</summary>
sealed record MailRow(string LiaisonId, string Key, string Kind, string Status, int Attempts, string MessageId);

/// <summary>The end-of-run check of run (a): LSs not Closed, and the mail rows to look for loss and duplicates in.</summary>
sealed record LifeCycleCheck(IReadOnlyList<string> NotClosed, IReadOnlyList<MailRow> Mail)
{
    /// <summary>Mail handed to the transport more than once, or logged twice under one key or Message-ID.</summary>
    public IReadOnlyList<string> Duplicates =>
    [
        .. Mail.Where(m => m.Attempts > 1).Select(m => $"{m.LiaisonId} {m.Key}: handed to the transport {m.Attempts} times"),
        .. Mail.GroupBy(m => (m.LiaisonId, m.Key)).Where(g => g.Count() > 1).Select(g => $"{g.Key.LiaisonId} {g.Key.Key}: {g.Count()} rows"),
        .. Mail.GroupBy(m => m.MessageId).Where(g => g.Count() > 1).Select(g => $"Message-ID {g.Key}: {g.Count()} mails"),
    ];

    /// <summary>Mail not sent (still queued, sending or refused).</summary>
    public IReadOnlyList<string> Unsent => [.. Mail.Where(m => m.Status != "Sent").Select(m => $"{m.LiaisonId} {m.Key}: {m.Status}")];

    public int Sent => Mail.Count(m => m.Status == "Sent");
}
