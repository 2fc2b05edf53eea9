using System.Globalization;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>
/// TSAG-LS3 (for action by every ITU-T SG, before 12 March 2018) chased over HTTP on the local host,
/// through the real SendGrid client to a loopback listener, on a calendar that starts on 1 February
/// 2018 and runs a day every 2 s — with the host killed and restarted between two chaser rounds. (A step
/// the kill cut off comes back when its message's visibility timeout ends, 10 s locally: rounds 7 days
/// apart must be further apart than that, or the late one rightly replaces the earlier.)
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class Tsag3ChaserTests : TsagHostTest
{
    const string Ls3 = "tsag-2017-05-td117";
    static readonly string[] AllSgs = ["2", "3", "5", "9", "11", "12", "13", "15", "16", "17", "20"];
    static readonly string[] Replying = ["2", "3", "5"];

    public Tsag3ChaserTests(AzuriteFixture azurite) : base(azurite, "ls3", new Dictionary<string, string>
    {
        ["LiaisonFlow__Chasers__Clock__CalendarStart"] = "2018-02-01T00:00:00Z",
        ["LiaisonFlow__Chasers__Clock__RealStart"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["LiaisonFlow__Chasers__Clock__SecondsPerDay"] = "2",
    }, sendGrid: true)
    {
    }

    /// <summary>The SendGrid requests about LS3 of one kind, each as the list of its personalizations' mail keys.</summary>
    List<List<string>> Requests(string keyPrefix) => [.. SendGrid!.Requests
        .Select(r => r.Body["personalizations"]!.AsArray())
        .Where(p => (string?)p[0]!["custom_args"]!["liaisonId"] == Ls3)
        .Select(p => p.Select(x => (string)x!["custom_args"]!["mailKey"]!).ToList())
        .Where(keys => keys[0].StartsWith(keyPrefix, StringComparison.Ordinal))];

    static string Sg(string key) => key.Split('|')[1];

    static Task ReplyAsync(HttpClient tsb, string sg, string? reference = null, int expected = 201) =>
        ReplyFromAsync(tsb, $"ITU-T SG{sg}", reference ?? $"SG{sg}-LS{sg}", expected);

    static async Task ReplyFromAsync(HttpClient tsb, string group, string reference, int expected = 201)
    {
        var (status, body, _) = await tsb.PostAsync($"api/liaisons/{Ls3}/replies", new { fromGroup = group, reference, receivedOn = "2018-02-20" });
        Assert.True(status == expected, $"reply from {group} answered {status}: {body}");
    }

    [Fact]
    public async Task Replies_stop_their_chasers_the_rest_get_every_reminder_once_escalation_names_the_silent_and_the_last_reply_closes()
    {
        Assert.Empty(SendGrid!.Requests); // the historical import chases nobody

        // The calendar's 1 February is now, not when the host first started: a slow start and import on a
        // busy machine would otherwise eat the 46 s between the first and second rounds that the replies need.
        await Host.KillAsync();
        Host.Set("LiaisonFlow__Chasers__Clock__RealStart", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        await Host.StartAsync();
        using var tsb = Host.Client("dev-secretariat");

        Assert.Equal(200, (await tsb.PostAsync($"api/liaisons/{Ls3}/chasers", new { enabled = true })).Status);

        // 30 days before 12 March 2018: one request, one personalization per ITU-T SG.
        var first = await Eventually.GetAsync(() => Task.FromResult(Requests("chaser|")), r => r.Count > 0, TimeSpan.FromSeconds(120), "the first chaser round");
        Assert.Equal(AllSgs.Select(n => $"itu-t-sg{n}").Order(StringComparer.Ordinal), first[0].Select(Sg).Order(StringComparer.Ordinal));

        foreach (var sg in Replying) await ReplyAsync(tsb, sg);
        await ReplyFromAsync(tsb, "SG2", "SG2 LS2", expected: 200);                // the same reply twice changes nothing
        await ReplyFromAsync(tsb, "TDAG", "TDAG-LS1");                             // not addressed: recorded as unsolicited

        await Host.KillAsync();
        await Host.StartAsync();

        await Eventually.GetAsync(() => Task.FromResult(Requests("escalation|")), r => r.Count > 0, TimeSpan.FromSeconds(150), "the escalation");
        var silent = AllSgs.Except(Replying).Select(n => $"itu-t-sg{n}").Order(StringComparer.Ordinal).ToList();

        var rounds = Requests("chaser|");
        Assert.True(rounds.Count == 4, "-30, -7, on the day, +7: one request each; sent: " + string.Join(" / ", rounds.Select(r => $"{r[0]} ×{r.Count}")));
        foreach (var later in rounds.Skip(1)) Assert.Equal(silent, later.Select(Sg).Order(StringComparer.Ordinal));
        var allKeys = rounds.SelectMany(r => r).ToList();
        Assert.Equal(allKeys.Count, allKeys.Distinct().Count());                   // every chaser exactly once
        Assert.Equal(["-2592000", "-604800", "0", "604800"], rounds.Select(r => r[0].Split('|')[3]));

        var log = (await tsb.GetJsonAsync($"api/mail?liaison={Ls3}")).Body!.AsArray();
        var chaserRows = log.Where(m => (string?)m!["kind"] == "Chaser").ToList();
        Assert.Equal(AllSgs.Length + 3 * silent.Count, chaserRows.Count);
        Assert.All(chaserRows, m => Assert.Equal(1, (int)m!["attempts"]!));
        var escalation = Assert.Single(log, m => (string?)m!["kind"] == "Escalation")!;
        Assert.Contains($"{silent.Count} group(s) silent", (string?)escalation["subject"]);
        var escalationRequest = SendGrid!.Requests.Single(r => ((string?)r.Body["personalizations"]![0]!["custom_args"]!["mailKey"])!.StartsWith("escalation|", StringComparison.Ordinal));
        var escalationText = ((string)escalationRequest.Body["content"]![0]!["value"]!).Split("Replies received:")[0];
        foreach (var sg in AllSgs) Assert.Equal(!Replying.Contains(sg), escalationText.Contains($"ITU-T Study Group {sg} ", StringComparison.Ordinal));

        var ls = (await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
        Assert.Equal("AwaitingReplies", (string?)ls["state"]);
        Assert.All(ls["addressees"]!.AsArray(), a => Assert.Equal(Replying.Contains(((string)a!["group"]!)["itu-t-sg".Length..]), (string?)a["replyStatus"] == "Received"));
        Assert.Contains(ls["replies"]!.AsArray(), r => (string?)r!["group"] == "tdag" && (bool)r["solicited"]! == false);

        foreach (var sg in AllSgs.Except(Replying)) await ReplyAsync(tsb, sg);
        var closed = await tsb.WaitForStateAsync(Ls3, "Closed", TimeSpan.FromSeconds(60));
        Assert.Contains(closed["history"]!.AsArray(), h => ((string?)h!["detail"])!.Contains("every group addressed for action or comment has replied", StringComparison.Ordinal));
        var summary = await Eventually.GetAsync(() => Task.FromResult(Requests("summary")), r => r.Count > 0, what: "the summary mail");
        Assert.Single(summary);

        // A reply to a closed LS is still recorded.
        await ReplyAsync(tsb, "17", reference: "SG17-LS99");
        Assert.Equal("Closed", (string?)(await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!["state"]);
        Assert.Contains((await tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!["replies"]!.AsArray(), r => (string?)r!["reference"] == "SG17-LS99");
    }
}
