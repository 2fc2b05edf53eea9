using System.Globalization;
using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Tests.Integration;
using Xunit;

namespace LiaisonFlow.Tests.Faults;

/// <summary>
/// One fault-injection run: a local host armed to kill itself (SIGKILL) at a named point, the TSAG data,
/// SendGrid on a loopback listener (so every delivery is counted), and the checks made after the restart.
/// </summary>
sealed class FaultRun : IAsyncDisposable
{
    public const string KillAtSetting = "LiaisonFlow__Faults__KillAt";

    FaultRun(LocalHostProcess host, SendGridListener sendGrid)
    {
        Host = host;
        SendGrid = sendGrid;
    }

    /// <summary>The latest run (the suite's tests run one at a time): its host's log goes into a failure's message.</summary>
    public static FaultRun? Last { get; private set; }

    public LocalHostProcess Host { get; }
    public SendGridListener SendGrid { get; }
    public HttpClient Rapporteur => Host.Client("dev-rapporteur");
    public HttpClient Chair => Host.Client("dev-chair");
    public HttpClient Tsb => Host.Client("dev-secretariat");

    /// <param name="armAfterImport">For points the TSAG import itself reaches (a nudge, an imported LS): arm them after it, with a restart.</param>
    public static async Task<FaultRun> StartAsync(AzuriteFixture azurite, string killAt, IDictionary<string, string>? settings = null, bool importTsag = true, bool armAfterImport = false)
    {
        var sendGrid = new SendGridListener();
        var all = new Dictionary<string, string>
        {
            ["LiaisonFlow__Mail__SendGridApiKey"] = "SG.test-key",
            ["LiaisonFlow__Mail__SendGridHost"] = sendGrid.Host,
            // After a restart: an interrupted send is taken up, and a pending LS swept, within seconds.
            ["LiaisonFlow__Mail__InterruptedAfter"] = "00:00:03",
            ["LiaisonFlow__Recovery__SweepInterval"] = "00:00:01",
            ["LiaisonFlow__Recovery__PendingFor"] = "00:00:02",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) all[k] = v;
        if (!armAfterImport) all[KillAtSetting] = killAt;
        var host = new LocalHostProcess(azurite, "fault", all);
        var run = Last = new FaultRun(host, sendGrid);
        await sendGrid.StartAsync();
        await host.StartAsync();
        if (importTsag) await run.Tsb.ImportTsagAsync();
        if (armAfterImport) await run.ArmAsync(killAt);
        return run;
    }

    /// <summary>Restarts the host with the fault point armed (the process must be restarted to pick up a setting).</summary>
    public async Task ArmAsync(string? killAt)
    {
        if (killAt is null) return;
        await Host.KillAsync();
        Host.Set(KillAtSetting, killAt);
        await Host.StartAsync();
    }

    /// <summary>
    /// Does what should reach the fault point — any answer, or none, as the connection drops — then waits
    /// for the host to kill itself there, and starts it again unarmed, as a crash and a restart would.
    /// </summary>
    public async Task KilledByAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }
        Assert.True(await Host.WaitForExitAsync(TimeSpan.FromSeconds(90)), $"The host never reached its fault point:\n{Host.Output}");
        Assert.Contains("fault injection: killing the process", Host.Output, StringComparison.Ordinal);
        Host.Set(KillAtSetting, null);
        await Host.StartAsync();
    }

    /// <summary>The consistency report once nothing is out of step (the restart's sweep and steps take a few seconds).</summary>
    public async Task<JsonNode> ConsistentAsync(params string[] allowedKinds)
    {
        using var tsb = Tsb;
        var report = await Eventually.GetAsync(
            async () => (await tsb.GetJsonAsync("api/admin/consistency")).Body!,
            r => r["problems"]!.AsArray().All(p => allowedKinds.Contains((string?)p!["kind"])),
            TimeSpan.FromSeconds(90), "the store to be consistent");
        return report;
    }

    /// <summary>The SendGrid deliveries of one LS: mail key → the Message-IDs it was sent with, one per delivery.</summary>
    public Dictionary<string, List<string>> Deliveries(string liaisonId)
    {
        var deliveries = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (_, body) in SendGrid.Requests)
        {
            foreach (var p in body["personalizations"]!.AsArray())
            {
                if ((string?)p!["custom_args"]?["liaisonId"] != liaisonId) continue;
                var key = (string)p["custom_args"]!["mailKey"]!;
                var messageId = (string?)p["headers"]?["Message-ID"] ?? "";
                if (!deliveries.TryGetValue(key, out var list)) deliveries[key] = list = [];
                list.Add(messageId);
            }
        }
        return deliveries;
    }

    /// <summary>
    /// Every mail in the LS's log was delivered; at most once, except <paramref name="resent"/> of them,
    /// delivered twice with the same Message-ID (a crash inside the provider's call) and logged as such.
    /// </summary>
    /// <param name="only">The mail keys the check is about (others may still be on their way); all when null.</param>
    public async Task MailOnceAsync(string liaisonId, int count, int resent = 0, Func<string, bool>? only = null)
    {
        using var tsb = Tsb;
        only ??= _ => true;
        var log = (await Eventually.GetAsync(
            async () => (await tsb.GetJsonAsync($"api/mail?liaison={liaisonId}")).Body!.AsArray().Where(m => only((string)m!["key"]!)).ToList(),
            mail => mail.Count >= count && mail.All(m => (string?)m!["status"] is "Sent" or "Refused"),
            TimeSpan.FromSeconds(90), $"{count} mail(s) of {liaisonId} to be sent"))!;
        Assert.Equal(count, log.Count);
        Assert.All(log, m => Assert.Equal("Sent", (string?)m!["status"]));
        var deliveries = Deliveries(liaisonId).Where(d => only(d.Key)).ToDictionary(d => d.Key, d => d.Value);
        Assert.Equal(log.Select(m => (string)m!["key"]!).Order(StringComparer.Ordinal), deliveries.Keys.Order(StringComparer.Ordinal));
        var twice = deliveries.Where(d => d.Value.Count > 1).ToList();
        Assert.True(twice.Count <= resent, $"Delivered more than once: {string.Join(", ", twice.Select(t => $"{t.Key} ×{t.Value.Count}"))}");
        Assert.All(deliveries, d => Assert.True(d.Value.Count <= 2 && d.Value.Distinct().Count() == 1 && d.Value[0].Length > 0,
            $"{d.Key}: delivered {d.Value.Count} time(s) with Message-IDs {string.Join(", ", d.Value)}"));
    }

    public static string Calendar(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}
