using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiaisonFlow.Domain;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace LiaisonFlow.Tests.Integration;

// Race tests: requests fired at the same moment (released together from a gate), or at the moment the
// workflow acts on its own (numbering, dispatch, mail, the chair reminder, a chaser round), against the
// real local host. Their outcome is deterministic even though the interleaving is not: every assertion
// is one that holds whichever request commits first — worked out from the command table and the
// ETag-guarded write path — and each test ends with the store's consistency check.

/// <summary>One HTTP answer in a race, kept for the assertions and as evidence when one fails.</summary>
sealed record Answer(string What, int Status, JsonNode? Body)
{
    public string? CommandId => (string?)Body?["commandId"];
    public string? State => (string?)Body?["state"];
    public bool AlreadyApplied => (bool?)Body?["alreadyApplied"] ?? false;
    public override string ToString() => $"{What} → {Status} {Body?.ToJsonString()}";
}

/// <summary>What the race tests share: requests released together, LSs to race on, and the checks each race ends with.</summary>
static class Race
{
    public const string Meeting = "tsag-2017-05";

    /// <summary>A draft like <see cref="NewLiaison.Draft"/>, to the given groups; information-only groups have no deadline.</summary>
    public static object Draft(string id, string deadline, params (string Group, string Purpose)[] addressees) => new
    {
        id,
        meetingId = Meeting,
        title = "LS on the use of open source in ITU-T Recommendations",
        subject = "Asks the study groups how they reference open-source code.",
        sourceGroup = "RG-SC",
        td = "TD130R1",
        contact = new { name = "Glenn Parsons", email = "rg-sc.rapporteur@liaisonflow.example" },
        addressees = addressees.Select(a => new { group = a.Group, purpose = a.Purpose, deadline = a.Purpose == "information" ? "none" : deadline }).ToArray(),
    };

    public static string[] Ids(int first, int count) => [.. Enumerable.Range(first, count).Select(n => $"{Meeting}-td{n}")];

    /// <summary>One request, sent once <paramref name="gate"/> opens (so many can leave at the same moment).</summary>
    public static async Task<Answer> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? idempotencyKey, Task gate, string what)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        await gate;
        using var response = await client.SendAsync(request);
        return new Answer(what, (int)response.StatusCode, await ApiCalls.BodyAsync(response));
    }

    public static Func<Task, Task<Answer>> Command(HttpClient client, string id, CommandKind kind, string? idempotencyKey = null, object? body = null) =>
        gate => SendAsync(client, HttpMethod.Post, $"api/liaisons/{id}/{Verb(kind)}", body, idempotencyKey, gate, $"{Verb(kind)} {id}");

    public static Func<Task, Task<Answer>> Reply(HttpClient tsb, string id, string fromGroup, string reference) =>
        gate => SendAsync(tsb, HttpMethod.Post, $"api/liaisons/{id}/replies", new { fromGroup, reference }, null, gate, $"reply {fromGroup} {reference} to {id}");

    public static string Verb(CommandKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Starts every call, then opens the gate for all of them at once; the answers in the order of the calls.</summary>
    public static async Task<Answer[]> AllAtOnceAsync(IEnumerable<Func<Task, Task<Answer>>> calls)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = calls.Select(call => call(gate.Task)).ToArray();
        gate.SetResult();
        return await Task.WhenAll(started);
    }

    public static Task<Answer> AtOnceAsync(Func<Task, Task<Answer>> call) => call(Task.CompletedTask);

    /// <summary>Opens <paramref name="connections"/> pooled connections, so the racing requests do not wait on TCP handshakes.</summary>
    public static async Task WarmUpAsync(HttpClient client, int connections) =>
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => client.GetAsync("api/health")));

    public static async Task CreateAsync(HttpClient rapporteur, IEnumerable<(string Id, object Draft)> drafts) =>
        await Task.WhenAll(drafts.Select(async d =>
        {
            var (status, body, _) = await rapporteur.PostAsync("api/liaisons", d.Draft);
            Assert.True(status == 201, $"create {d.Id} answered {status}: {body}");
        }));

    /// <summary>Submits the drafts (one by one per LS, all LSs together); the state is stored before the 202.</summary>
    public static async Task SubmitAsync(HttpClient rapporteur, IEnumerable<string> ids) =>
        await Task.WhenAll(ids.Select(async id =>
        {
            var answer = await AtOnceAsync(Command(rapporteur, id, CommandKind.Submit));
            Assert.True(answer.Status == 202 && answer.State == "AwaitingEndorsement", answer.ToString());
        }));

    public static async Task<JsonNode> LsAsync(HttpClient client, string id) => (await client.GetJsonAsync($"api/liaisons/{id}")).Body!;

    public static async Task<JsonArray> MailAsync(HttpClient tsb, string id) => (await tsb.GetJsonAsync($"api/mail?liaison={id}")).Body!.AsArray();

    public static IEnumerable<JsonNode> History(JsonNode ls) => ls["history"]!.AsArray().Select(h => h!);

    public static LiaisonState StateOf(JsonNode ls) => Enum.Parse<LiaisonState>((string)ls["state"]!);

    public static DateTimeOffset Time(JsonNode? node) => node!.GetValue<DateTimeOffset>();

    public static Task<JsonNode> WaitForOrchestrationAsync(HttpClient tsb, string id, string runtimeStatus, TimeSpan? timeout = null) =>
        Eventually.GetAsync(async () => (await tsb.GetJsonAsync($"api/liaisons/{id}/status")).Body!,
            s => (string?)s["orchestration"]?["runtimeStatus"] == runtimeStatus, timeout ?? TimeSpan.FromSeconds(60), $"{id}'s orchestration to be {runtimeStatus}");

    /// <summary>Mail of an LS once every copy is Sent (none Queued, Sending or Refused), with exactly <paramref name="count"/> rows.</summary>
    public static async Task<JsonArray> WaitForAllMailSentAsync(HttpClient tsb, string id, int count, TimeSpan? timeout = null)
    {
        var mail = await tsb.WaitForMailAsync(id, count, timeout);
        Assert.True(mail.Count == count && mail.All(m => (string?)m!["status"] == "Sent"), $"{id}: expected {count} mail(s), all Sent: {mail.ToJsonString()}");
        return mail;
    }

    /// <summary>The workflow's own moves, between commands: an endorsed LS is dispatched; with <paramref name="allReplied"/>, the last reply closes it.</summary>
    static IEnumerable<LiaisonState> Closure(LiaisonState state, bool allReplied)
    {
        yield return state;
        if (state == LiaisonState.Endorsed)
        {
            yield return LiaisonState.AwaitingReplies;
            if (allReplied) yield return LiaisonState.Closed;
        }
        if (state == LiaisonState.AwaitingReplies && allReplied) yield return LiaisonState.Closed;
    }

    /// <summary>
    /// Checks one LS's race against what the write path promises: every answer is 202 or 409; a 409 names a
    /// state that refuses the command, and one the LS passed through; every 202 is in the history exactly
    /// once, as the state change the command makes; and the accepted commands, in some order, lead from
    /// <paramref name="start"/> to the stored state through the command table (with only the workflow's own
    /// moves in between), so the stored state is the effect of the last accepted command.
    /// </summary>
    public static void AssertOutcome(LiaisonState start, IReadOnlyList<(CommandKind Kind, Answer Answer)> race, JsonNode ls, bool allReplied = false)
    {
        var history = History(ls).ToList();
        var accepted = new List<(CommandKind Kind, LiaisonState To)>();
        var refusedIn = new List<LiaisonState>();
        foreach (var (kind, answer) in race)
        {
            Assert.True(answer.Status is 202 or 409, $"{answer}: a command is answered 202 or 409");
            if (answer.Status == 409)
            {
                Assert.True(Enum.TryParse<LiaisonState>(answer.State, out var state), $"{answer}: a 409 names the stored state");
                Assert.False(LiaisonTransitions.TryNext(state, kind, out _), $"{answer}: refused in a state that allows it");
                refusedIn.Add(state);
                continue;
            }
            Assert.NotNull(answer.CommandId);
            var lines = history.Where(h => (string?)h["key"] == answer.CommandId).ToList();
            Assert.True(lines.Count == 1, $"{answer}: accepted, so exactly one history line has its key; found {lines.Count}");
            Assert.Equal("StateChanged", (string?)lines[0]["event"]);
            accepted.Add((kind, Enum.Parse<LiaisonState>((string)lines[0]["state"]!)));
        }

        var final = StateOf(ls);
        bool Explains(List<(CommandKind Kind, LiaisonState To)> left, LiaisonState current, HashSet<LiaisonState> passed)
        {
            if (left.Count == 0)
                return Closure(current, allReplied).Contains(final) && refusedIn.All(r => passed.Contains(r) || Closure(current, allReplied).Contains(r));
            foreach (var next in left)
                foreach (var from in Closure(current, allReplied))
                    if (LiaisonTransitions.TryNext(from, next.Kind, out var to) && to == next.To
                        && Explains([.. left.Where(l => l != next)], to, [.. passed, .. Closure(current, allReplied), to]))
                        return true;
            return false;
        }
        Assert.True(Explains(accepted, start, [start]),
            $"No order of the accepted commands [{string.Join(", ", accepted)}] from {start} through the command table ends in {final} " +
            $"passing the refusals' states [{string.Join(", ", refusedIn)}]: {string.Join("; ", race.Select(r => r.Answer))}");
    }

    /// <summary>
    /// The audit trail as the API shows it (in time order): each state line follows from the one before by a
    /// command or the workflow's own move, and the last one is the stored state. Null when it does; else what is wrong.
    /// </summary>
    public static string? HistoryOrderProblem(JsonNode ls)
    {
        var lines = History(ls).Where(h => (string?)h["event"] is "Created" or "StateChanged").ToList();
        var trail = string.Join(" → ", lines.Select(h => $"{h["state"]} ({h["key"]} at {h["at"]})"));
        var current = LiaisonState.Draft;
        foreach (var line in lines.Skip(1))
        {
            var to = Enum.Parse<LiaisonState>((string)line["state"]!);
            var auto = (string?)line["key"] switch
            {
                "all-replied" => current == LiaisonState.AwaitingReplies && to == LiaisonState.Closed,
                { } key when key.EndsWith(":awaiting", StringComparison.Ordinal) => current == LiaisonState.Endorsed && to == LiaisonState.AwaitingReplies,
                _ => false,
            };
            var byCommand = Closure(current, false).Any(from => Enum.GetValues<CommandKind>().Any(k => LiaisonTransitions.TryNext(from, k, out var next) && next == to));
            if (!auto && !byCommand) return $"{ls["id"]} ({ls["state"]}): the history goes from {current} to {to}, which no command or workflow step does: {trail}";
            current = to;
        }
        return current == StateOf(ls) ? null : $"{ls["id"]}: the last state in the history is {current}, the LS is {ls["state"]}: {trail}";
    }

    /// <summary>An LS the plenary never agreed: no number, no numbering line, no mail, its orchestration finished.</summary>
    public static async Task AssertNeverSentAsync(HttpClient tsb, string id)
    {
        await WaitForOrchestrationAsync(tsb, id, "Completed");
        var ls = await LsAsync(tsb, id);
        Assert.True(ls["number"] is null, $"{id} is {ls["state"]} yet numbered {ls["number"]}");
        Assert.DoesNotContain(History(ls), h => (string?)h["event"] is "Numbered" or "Dispatched");
        var mail = await MailAsync(tsb, id);
        Assert.True(mail.Count == 0, $"{id} is {ls["state"]} yet has mail: {mail.ToJsonString()}");
    }

    /// <summary>Ends every race: the consistency check finds nothing (but <paramref name="expected"/>), and the host logged no failure.</summary>
    public static async Task AssertConsistentAsync(HttpClient tsb, LocalHostProcess host, ITestOutputHelper output, params string[] expected)
    {
        var (status, report, _) = await tsb.GetJsonAsync("api/admin/consistency");
        Assert.True(status == 200, $"GET api/admin/consistency answered {status}: {report}");
        output.WriteLine($"consistency: liaisons {report!["liaisons"]}, by state {report["byState"]!.ToJsonString()}, mail {report["mail"]!.ToJsonString()}, problems {report["problems"]!.ToJsonString()}");
        var problems = report["problems"]!.AsArray().Where(p => !expected.Contains((string?)p!["kind"])).ToList();
        Assert.True(problems.Count == 0, $"The consistency check found problems:\n{report}");
        var failures = FailureLines(host.Output);
        Assert.True(failures.Count == 0, $"The host logged failures:\n{string.Join("\n", failures)}");
    }

    /// <summary>Errors the host logged ("fail:" or "crit:" and the lines after), e.g. an unhandled exception behind a 500.</summary>
    public static List<string> FailureLines(string log)
    {
        var lines = log.Split('\n');
        var found = new List<string>();
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("fail:", StringComparison.Ordinal) || lines[i].StartsWith("crit:", StringComparison.Ordinal))
                found.Add(string.Join("\n", lines.Skip(i).Take(6)));
        return found;
    }

    /// <summary>Runs a race's checks; when one fails, writes the evidence (answers, LSs, mail, consistency, host log) to the test output and a file.</summary>
    public static async Task WithEvidenceAsync(ITestOutputHelper output, LocalHostProcess host, HttpClient tsb, IEnumerable<string> ids,
        IEnumerable<Answer> answers, Func<Task> checks, [CallerMemberName] string test = "")
    {
        try
        {
            await checks();
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or TimeoutException or InvalidOperationException)
        {
            var dump = new StringBuilder();
            dump.AppendLine($"FAILED {test}: {e.Message}").AppendLine("--- answers ---");
            foreach (var a in answers) dump.AppendLine(a.ToString());
            foreach (var id in ids)
            {
                dump.AppendLine($"--- {id} ---").AppendLine((await LsAsync(tsb, id)).ToJsonString());
                dump.AppendLine("mail: " + (await MailAsync(tsb, id)).ToJsonString());
                dump.AppendLine("status: " + (await tsb.GetJsonAsync($"api/liaisons/{id}/status")).Body?.ToJsonString());
            }
            dump.AppendLine("--- consistency ---").AppendLine((await tsb.GetJsonAsync("api/admin/consistency")).Body?.ToJsonString());
            dump.AppendLine("--- host log ---").AppendLine(host.Output);
            output.WriteLine(dump.ToString());
            var dir = Path.Combine(Path.GetTempPath(), "liaisonflow-race");
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, $"{test}-{DateTime.UtcNow:HHmmss}.log"), dump.ToString());
            throw;
        }
    }
}

/// <summary>
/// The audit-trail checks of a test, asserted last (after the consistency check), so that a history out of
/// order does not hide what the other checks would find.
/// </summary>
sealed class AuditTrail
{
    readonly List<string> problems = [];

    public void Check(JsonNode ls)
    {
        if (Race.HistoryOrderProblem(ls) is { } problem) problems.Add(problem);
    }

    public void AssertInOrder() =>
        Assert.True(problems.Count == 0, $"The history of {problems.Count} LS(s) is out of order (as GET /api/liaisons/{{id}} shows it):\n{string.Join("\n", problems)}");
}

/// <summary>Plenary and secretariat commands racing each other and the workflow, on one local host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RaceCommandTests(AzuriteFixture azurite, ITestOutputHelper output) : TsagHostTest(azurite, "racecmd")
{
    static readonly (string, string)[] SixGroups =
        [("ITU-T SG2", "for action"), ("ITU-T SG3", "for action"), ("ITU-T SG5", "for action"), ("ITU-T SG9", "comment"), ("ITU-T SG11", "comment"), ("ITU-T SG12", "information")];

    [Fact]
    public async Task Submit_and_withdraw_at_once_withdraw_always_wins_and_every_202_is_in_the_history()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var tsb = Host.Client("dev-secretariat");
        var ids = Race.Ids(300, 6);
        await Race.CreateAsync(rapporteur, ids.Select(id => (id, NewLiaison.Draft(id))));
        await Race.WarmUpAsync(rapporteur, 2 * ids.Length);

        var answers = await Race.AllAtOnceAsync(ids.SelectMany(id => new[] { Race.Command(rapporteur, id, CommandKind.Submit), Race.Command(rapporteur, id, CommandKind.Withdraw) }));
        output.WriteLine(string.Join("\n", answers.Select(a => a.ToString().Split('\n')[0])));

        await Race.WithEvidenceAsync(output, Host, tsb, ids, answers, async () =>
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var (submit, withdraw) = (answers[2 * i], answers[2 * i + 1]);
                // Withdraw is allowed from Draft and from AwaitingEndorsement, so it is accepted whichever commits
                // first; submit is refused only when the withdrawal came first.
                Assert.True(withdraw.Status == 202, $"{withdraw}");
                Assert.True(submit.Status == 202 || (submit.Status == 409 && submit.State == "Withdrawn"), $"{submit}");
                var ls = await Race.LsAsync(tsb, ids[i]);
                Assert.Equal("Withdrawn", (string?)ls["state"]);
                Race.AssertOutcome(LiaisonState.Draft, [(CommandKind.Submit, submit), (CommandKind.Withdraw, withdraw)], ls);
                if (submit.Status == 202)
                    Assert.Contains(Race.History(ls), h => (string?)h["key"] == submit.CommandId && (string?)h["state"] == "AwaitingEndorsement");
                trail.Check(ls);
                await Race.AssertNeverSentAsync(tsb, ids[i]);
            }
            output.WriteLine($"submit accepted before the withdrawal on {answers.Where((a, i) => i % 2 == 0 && a.Status == 202).Count()} of {ids.Length} LSs");
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }

    [Fact]
    public async Task Close_hold_reject_and_withdraw_during_every_step_of_dispatch_are_202_or_409_and_the_last_accepted_one_decides()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        var ids = Race.Ids(310, 8);
        await Race.CreateAsync(rapporteur, ids.Select(id => (id, Race.Draft(id, "before 28 February 2030", SixGroups))));
        await Race.SubmitAsync(rapporteur, ids);
        foreach (var client in new[] { rapporteur, chair, tsb }) await Race.WarmUpAsync(client, 2 * ids.Length);

        Func<Task, Task<Answer>>[] Others(string id) =>
        [
            Race.Command(tsb, id, CommandKind.Close, body: new { reason = "Overtaken." }),
            Race.Command(chair, id, CommandKind.Hold),
            Race.Command(chair, id, CommandKind.Reject, body: new { reason = "Overtaken." }),
            Race.Command(rapporteur, id, CommandKind.Withdraw),
        ];
        var kinds = new[] { CommandKind.Close, CommandKind.Hold, CommandKind.Reject, CommandKind.Withdraw };
        var delays = new[] { 0, 100, 250, 400, 600 };

        // LS 0: the four with the endorsement itself; LSs 1–5: that long after the endorsement's 202 (numbering,
        // dispatch, mail delivery under way); LS 6: once the state shows AwaitingReplies (mail still going);
        // LS 7: once every dispatch mail is sent.
        async Task<List<(CommandKind Kind, Answer Answer)>> RaceAsync(string id, int k)
        {
            if (k == 0)
            {
                var all = await Race.AllAtOnceAsync([Race.Command(chair, id, CommandKind.Endorse), .. Others(id)]);
                return [.. new[] { CommandKind.Endorse }.Concat(kinds).Zip(all)];
            }
            var endorse = await Race.AtOnceAsync(Race.Command(chair, id, CommandKind.Endorse));
            if (k <= delays.Length) await Task.Delay(delays[k - 1]);
            else if (k == 6) await Eventually.GetAsync(() => Race.LsAsync(tsb, id), ls => (string?)ls["state"] == "AwaitingReplies", TimeSpan.FromSeconds(60), $"{id} to await replies");
            else await tsb.WaitForMailAsync(id, SixGroups.Length);
            var others = await Race.AllAtOnceAsync(Others(id));
            return [(CommandKind.Endorse, endorse), .. kinds.Zip(others)];
        }
        var races = await Task.WhenAll(ids.Select(RaceAsync));
        var answers = races.SelectMany(r => r.Select(x => x.Answer)).ToList();
        output.WriteLine(string.Join("\n", answers.Select(a => $"{a.What} → {a.Status} {a.State}")));

        await Race.WithEvidenceAsync(output, Host, tsb, ids, answers, async () =>
        {
            for (var k = 0; k < ids.Length; k++)
            {
                var id = ids[k];
                var race = races[k];
                Assert.All(race, r => Assert.True(r.Answer.Status is 202 or 409, r.Answer.ToString()));
                if (k > 0)
                {
                    // Endorsed before them: hold, reject and withdraw are refused in every state an endorsed LS goes through.
                    Assert.True(race[0].Answer.Status == 202, race[0].Answer.ToString());
                    Assert.All(race.Skip(2), r => Assert.True(r.Answer.Status == 409, r.Answer.ToString()));
                }
                var stored = await Race.LsAsync(tsb, id);
                if ((string?)stored["state"] == "Endorsed") stored = await tsb.WaitForStateAsync(id, "AwaitingReplies");
                Race.AssertOutcome(LiaisonState.AwaitingEndorsement, race, stored);
                trail.Check(stored);

                switch (Race.StateOf(stored))
                {
                    case LiaisonState.AwaitingReplies or LiaisonState.Closed:
                        Assert.NotNull((string?)stored["number"]);
                        var closed = Race.StateOf(stored) == LiaisonState.Closed;
                        Assert.Equal(closed, race.Any(r => r.Kind == CommandKind.Close && r.Answer.Status == 202));
                        // Every group gets the LS once, closed meanwhile or not; a closed LS also tells its contact.
                        var mail = await Race.WaitForAllMailSentAsync(tsb, id, SixGroups.Length + (closed ? 1 : 0));
                        Assert.Equal(SixGroups.Length, mail.Count(m => (string?)m!["kind"] == "Dispatch"));
                        Assert.All(mail, m => Assert.Equal(1, (int)m!["attempts"]!));
                        if (closed)
                        {
                            Assert.Single(mail, m => (string?)m!["kind"] == "Summary");
                            await Race.WaitForOrchestrationAsync(tsb, id, "Completed");
                        }
                        break;
                    case LiaisonState.Rejected or LiaisonState.Withdrawn:
                        await Race.AssertNeverSentAsync(tsb, id);
                        break;
                    case LiaisonState.Held:
                        Assert.True(stored["number"] is null, $"{id} is held yet numbered");
                        Assert.Empty(await Race.MailAsync(tsb, id));
                        break;
                    default:
                        Assert.Fail($"{id} ended {stored["state"]}");
                        break;
                }
            }
            // The last LS was closed once everything was sent: close is accepted then, whatever else happens.
            Assert.Equal(202, races[^1].Single(r => r.Kind == CommandKind.Close).Answer.Status);
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }

    [Fact]
    public async Task Endorse_and_reject_at_once_exactly_one_wins_and_a_rejected_LS_is_never_numbered_or_mailed()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        var ids = Race.Ids(320, 10);
        await Race.CreateAsync(rapporteur, ids.Select(id => (id, NewLiaison.Draft(id))));
        await Race.SubmitAsync(rapporteur, ids);
        await Race.WarmUpAsync(chair, 2 * ids.Length);

        var answers = await Race.AllAtOnceAsync(ids.SelectMany(id => new[]
        {
            Race.Command(chair, id, CommandKind.Endorse),
            Race.Command(chair, id, CommandKind.Reject, body: new { reason = "Not agreed." }),
        }));
        output.WriteLine(string.Join("\n", answers.Select(a => $"{a.What} → {a.Status} {a.State}")));

        await Race.WithEvidenceAsync(output, Host, tsb, ids, answers, async () =>
        {
            var numbers = new List<string>();
            for (var i = 0; i < ids.Length; i++)
            {
                var (endorse, reject) = (answers[2 * i], answers[2 * i + 1]);
                // Endorsed and Rejected each refuse the other: the first to commit wins, the other is told the state it lost to.
                Assert.True((endorse.Status, reject.Status) is (202, 409) or (409, 202), $"exactly one of {endorse} / {reject}");
                if (endorse.Status == 202)
                {
                    Assert.True(reject.State is "Endorsed" or "AwaitingReplies", reject.ToString());
                    var ls = await tsb.WaitForStateAsync(ids[i], "AwaitingReplies");
                    Race.AssertOutcome(LiaisonState.AwaitingEndorsement, [(CommandKind.Endorse, endorse), (CommandKind.Reject, reject)], ls);
                    trail.Check(ls);
                    numbers.Add((string)ls["number"]!);
                    var mail = await Race.WaitForAllMailSentAsync(tsb, ids[i], NewLiaison.Groups.Length);
                    Assert.Equal(NewLiaison.Groups.Select(g => $"dispatch|{g}"), mail.Select(m => (string)m!["key"]!).Order());
                }
                else
                {
                    Assert.Equal("Rejected", endorse.State);
                    var ls = await Race.LsAsync(tsb, ids[i]);
                    Assert.Equal("Rejected", (string?)ls["state"]);
                    Race.AssertOutcome(LiaisonState.AwaitingEndorsement, [(CommandKind.Endorse, endorse), (CommandKind.Reject, reject)], ls);
                    trail.Check(ls);
                    await Race.AssertNeverSentAsync(tsb, ids[i]);
                }
            }
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
            output.WriteLine($"endorse won on {numbers.Count} of {ids.Length} LSs");
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }

    [Fact]
    public async Task Thirty_replies_with_duplicates_at_once_record_ten_and_the_last_closes_the_LS_with_one_summary()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        const string id = "tsag-2017-05-td330";
        string[] sgs = ["2", "3", "5", "9", "11", "12", "13", "15", "16", "17"];
        (string, string)[] addressees = [.. sgs.Select(n => ($"ITU-T SG{n}", "for action")), ("ITU-T SG20", "information")];
        await Race.CreateAsync(rapporteur, [(id, Race.Draft(id, "before 28 February 2030", addressees))]);
        await Race.SubmitAsync(rapporteur, [id]);
        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{id}/endorse")).Status);
        await tsb.WaitForStateAsync(id, "AwaitingReplies");
        await Race.WaitForAllMailSentAsync(tsb, id, addressees.Length);
        await Race.WarmUpAsync(tsb, 30);

        // Each reply three times, its group and reference spelled three ways (one reply: same group, same letters and digits).
        var answers = await Race.AllAtOnceAsync(sgs.SelectMany((n, i) => new[]
        {
            Race.Reply(tsb, id, $"ITU-T SG{n}", $"SG{n}-LS{40 + i}"),
            Race.Reply(tsb, id, $"SG{n}", $"sg{n} ls{40 + i}"),
            Race.Reply(tsb, id, $"Study Group {n}", $"SG{n}/LS{40 + i}"),
        }));
        output.WriteLine(string.Join("\n", answers.Select(a => $"{a.What} → {a.Status} alreadyRecorded={a.Body?["alreadyRecorded"]}")));

        await Race.WithEvidenceAsync(output, Host, tsb, [id], answers, async () =>
        {
            for (var i = 0; i < sgs.Length; i++)
            {
                var copies = answers.Skip(3 * i).Take(3).ToList();
                Assert.All(copies, c => Assert.True(c.Status is 201 or 200, c.ToString()));
                var first = Assert.Single(copies, c => c.Status == 201);
                Assert.False((bool)first.Body!["alreadyRecorded"]!);
                Assert.All(copies.Where(c => c.Status == 200), c => Assert.True((bool)c.Body!["alreadyRecorded"]!, c.ToString()));
                Assert.All(copies, c => Assert.Equal((string?)first.Body["reply"]!["reference"], (string?)c.Body!["reply"]!["reference"]));
            }

            var ls = await tsb.WaitForStateAsync(id, "Closed");
            Assert.Equal(sgs.Length, ls["replies"]!.AsArray().Count);
            foreach (var (n, i) in sgs.Select((n, i) => (n, i)))
            {
                var addressee = ls["addressees"]!.AsArray().Single(a => (string?)a!["group"] == $"itu-t-sg{n}")!;
                Assert.Equal("Received", (string?)addressee["replyStatus"]);
                Assert.Equal((string?)answers[3 * i + Array.FindIndex(answers.Skip(3 * i).Take(3).ToArray(), c => c.Status == 201)].Body!["reply"]!["reference"], (string?)addressee["replyReference"]);
            }
            Assert.Equal(sgs.Length, Race.History(ls).Count(h => (string?)h["event"] == "ReplyReceived"));
            var closing = Assert.Single(Race.History(ls), h => (string?)h["state"] == "Closed");
            Assert.Equal("all-replied", (string?)closing["key"]);
            trail.Check(ls);

            var mail = await Race.WaitForAllMailSentAsync(tsb, id, addressees.Length + 1);
            Assert.Single(mail, m => (string?)m!["kind"] == "Summary");
            await Race.WaitForOrchestrationAsync(tsb, id, "Completed");
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }

    [Fact]
    public async Task The_same_command_five_times_at_once_under_one_Idempotency_Key_is_one_command()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        const string id = "tsag-2017-05-td340";
        await Race.CreateAsync(rapporteur, [(id, NewLiaison.Draft(id))]);
        await Race.WarmUpAsync(rapporteur, 5);
        await Race.WarmUpAsync(chair, 5);
        var submitKey = $"submit-{Guid.NewGuid():N}";
        var endorseKey = $"endorse-{Guid.NewGuid():N}";

        var submits = await Race.AllAtOnceAsync(Enumerable.Range(0, 5).Select(_ => Race.Command(rapporteur, id, CommandKind.Submit, submitKey)));
        var endorses = await Race.AllAtOnceAsync(Enumerable.Range(0, 5).Select(_ => Race.Command(chair, id, CommandKind.Endorse, endorseKey)));
        output.WriteLine(string.Join("\n", submits.Concat(endorses).Select(a => $"{a.What} → {a.Status} {a.CommandId} alreadyApplied={a.AlreadyApplied}")));

        var later = new List<Answer>();
        await Race.WithEvidenceAsync(output, Host, tsb, [id], submits.Concat(endorses).Concat(later), async () =>
        {
            foreach (var group in new[] { submits, endorses })
            {
                Assert.All(group, a => Assert.True(a.Status == 202, a.ToString()));
                Assert.Single(group.Select(a => a.CommandId).Distinct());
                Assert.Single(group, a => !a.AlreadyApplied);
            }

            var ls = await tsb.WaitForStateAsync(id, "AwaitingReplies");
            Assert.Single(Race.History(ls), h => (string?)h["key"] == submits[0].CommandId);
            Assert.Single(Race.History(ls), h => (string?)h["key"] == endorses[0].CommandId);
            Assert.Equal(["AwaitingEndorsement", "AwaitingReplies", "Draft", "Endorsed"],
                Race.History(ls).Where(h => (string?)h["event"] is "Created" or "StateChanged").Select(h => (string)h["state"]!).Order(StringComparer.Ordinal));
            trail.Check(ls);
            Assert.Equal("TSAG-LS", ((string)ls["number"]!)[..7]);
            var mail = await Race.WaitForAllMailSentAsync(tsb, id, NewLiaison.Groups.Length);
            Assert.All(mail, m => Assert.Equal(1, (int)m!["attempts"]!));

            // Retried after the LS moved on, the key still names the command done; without the key it is a new one, refused.
            var retry = await Race.AtOnceAsync(Race.Command(chair, id, CommandKind.Endorse, endorseKey));
            var fresh = await Race.AtOnceAsync(Race.Command(chair, id, CommandKind.Endorse));
            later.AddRange([retry, fresh]);
            Assert.True(retry.Status == 202 && retry.AlreadyApplied && retry.CommandId == endorses[0].CommandId, retry.ToString());
            Assert.True(fresh.Status == 409 && fresh.State == "AwaitingReplies", fresh.ToString());
            Assert.Single(Race.History(await Race.LsAsync(tsb, id)), h => (string?)h["key"] == endorses[0].CommandId);
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }
}

/// <summary>Twenty endorsements in one meeting at once, on a host of their own so the series is known: TSAG-LS8 to TSAG-LS27.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RaceNumberingTests(AzuriteFixture azurite, ITestOutputHelper output) : TsagHostTest(azurite, "racenum")
{
    [Fact]
    public async Task Twenty_endorsements_at_once_get_TSAG_LS8_to_LS27_each_once_and_each_group_is_mailed_once_per_LS()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        var ids = Race.Ids(400, 20);
        await Race.CreateAsync(rapporteur, ids.Select(id => (id, NewLiaison.Draft(id))));
        await Race.SubmitAsync(rapporteur, ids);
        await Race.WarmUpAsync(chair, ids.Length);

        var answers = await Race.AllAtOnceAsync(ids.Select(id => Race.Command(chair, id, CommandKind.Endorse)));

        await Race.WithEvidenceAsync(output, Host, tsb, ids, answers, async () =>
        {
            Assert.All(answers, a => Assert.True(a.Status == 202, a.ToString()));
            var numbers = new List<string>();
            foreach (var id in ids)
            {
                var ls = await tsb.WaitForStateAsync(id, "AwaitingReplies", TimeSpan.FromSeconds(120));
                numbers.Add((string)ls["number"]!);
                trail.Check(ls);
                Assert.Single(Race.History(ls), h => (string?)h["event"] == "Numbered");
                var mail = await Race.WaitForAllMailSentAsync(tsb, id, NewLiaison.Groups.Length, TimeSpan.FromSeconds(120));
                Assert.Equal(NewLiaison.Groups.Select(g => $"dispatch|{g}"), mail.Select(m => (string)m!["key"]!).Order());
                Assert.All(mail, m => Assert.Equal(1, (int)m!["attempts"]!));
                Assert.All(mail, m => Assert.StartsWith((string)ls["number"]! + ":", (string?)m!["subject"]));
            }
            Assert.Equal(Enumerable.Range(8, 20).Select(n => $"TSAG-LS{n}"), numbers.OrderBy(n => int.Parse(n["TSAG-LS".Length..], CultureInfo.InvariantCulture)));
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }
}

/// <summary>Commands the moment a killed host is back: its orchestrations are still leased to the dead worker for a while.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RaceRestartTests(AzuriteFixture azurite, ITestOutputHelper output) : TsagHostTest(azurite, "racerestart")
{
    [Fact]
    public async Task Ten_endorsements_right_after_a_kill_and_restart_are_all_numbered_and_dispatched_once()
    {
        var trail = new AuditTrail();
        var ids = Race.Ids(500, 10);
        using (var rapporteur = Host.Client("dev-rapporteur"))
        {
            await Race.CreateAsync(rapporteur, ids.Select(id => (id, NewLiaison.Draft(id))));
            await Race.SubmitAsync(rapporteur, ids);
            // Each orchestration has run its first step and sleeps, waiting for the plenary.
            foreach (var id in ids)
                await Eventually.GetAsync(async () => (await rapporteur.GetJsonAsync($"api/liaisons/{id}/status")).Body!,
                    s => (string?)s["orchestration"]?["customStatus"]?["state"] == "AwaitingEndorsement", TimeSpan.FromSeconds(60), $"{id}'s orchestration to wait for the plenary");
        }

        await Host.KillAsync();
        await Host.StartAsync();

        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        var answers = await Race.AllAtOnceAsync(ids.Select(id => Race.Command(chair, id, CommandKind.Endorse)));

        await Race.WithEvidenceAsync(output, Host, tsb, ids, answers, async () =>
        {
            Assert.All(answers, a => Assert.True(a.Status == 202, a.ToString()));
            var numbers = new List<string>();
            foreach (var id in ids)
            {
                var ls = await tsb.WaitForStateAsync(id, "AwaitingReplies", TimeSpan.FromSeconds(150));
                numbers.Add((string)ls["number"]!);
                trail.Check(ls);
                var mail = await Race.WaitForAllMailSentAsync(tsb, id, NewLiaison.Groups.Length, TimeSpan.FromSeconds(60));
                Assert.Equal(NewLiaison.Groups.Select(g => $"dispatch|{g}"), mail.Select(m => (string)m!["key"]!).Order());
                Assert.All(mail, m => Assert.Equal(1, (int)m!["attempts"]!));
            }
            Assert.Equal(Enumerable.Range(8, 10).Select(n => $"TSAG-LS{n}"), numbers.OrderBy(n => int.Parse(n["TSAG-LS".Length..], CultureInfo.InvariantCulture)));
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }
}

/// <summary>
/// Commands at the moment the workflow's own timers fire: the chair reminder (after 2 s here) and a chaser
/// round, on a calendar where a day passes every 0.2 s.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RaceTimerTests : TsagHostTest
{
    const double SecondsPerDay = 0.2;
    static readonly DateTimeOffset CalendarStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    readonly DateTimeOffset realStart;
    readonly ITestOutputHelper output;

    public RaceTimerTests(AzuriteFixture azurite, ITestOutputHelper output) : this(azurite, output, DateTimeOffset.UtcNow)
    {
    }

    RaceTimerTests(AzuriteFixture azurite, ITestOutputHelper output, DateTimeOffset realStart) : base(azurite, "racetimer", new Dictionary<string, string>
    {
        ["LiaisonFlow__ChairReminderAfter"] = "00:00:02",
        ["LiaisonFlow__Chasers__Clock__CalendarStart"] = CalendarStart.ToString("O", CultureInfo.InvariantCulture),
        ["LiaisonFlow__Chasers__Clock__RealStart"] = realStart.ToString("O", CultureInfo.InvariantCulture),
        ["LiaisonFlow__Chasers__Clock__SecondsPerDay"] = SecondsPerDay.ToString(CultureInfo.InvariantCulture),
    })
    {
        this.realStart = realStart;
        this.output = output;
    }

    DateTimeOffset ToCalendar(DateTimeOffset real) => CalendarStart + TimeSpan.FromSeconds((real - realStart).TotalSeconds * 86400 / SecondsPerDay);
    DateTimeOffset ToReal(DateTimeOffset calendar) => realStart + TimeSpan.FromSeconds((calendar - CalendarStart).TotalSeconds * SecondsPerDay / 86400);

    static string DeadlineText(DateOnly date) => "before " + date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Endorsements_around_the_moment_the_chair_reminder_fires_are_never_lost_and_remind_at_most_once()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        var ids = Race.Ids(600, 15);
        const string control = "tsag-2017-05-td615";
        // Deadlines years ahead on this fast calendar: no chaser falls due during the test.
        var deadline = DeadlineText(Geneva.DateOf(ToCalendar(DateTimeOffset.UtcNow)).AddYears(8));
        (string, string)[] groups = [("ITU-T SG17", "for action"), ("Study Group 16", "comment"), ("itu-d-sgs", "information")];
        await Race.CreateAsync(rapporteur, ids.Append(control).Select(id => (id, Race.Draft(id, deadline, groups))));
        await Race.WarmUpAsync(rapporteur, ids.Length + 1);
        await Race.WarmUpAsync(chair, ids.Length);

        // All submitted at once; LS i endorsed 1.6 s + i × 0.1 s after its submission was answered: 1.6 s to 3.0 s,
        // across the 2 s reminder and the time its durable timer and step take to fire.
        var clock = Stopwatch.StartNew();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var races = ids.Append(control).Select(async (id, i) =>
        {
            var submit = await Race.Command(rapporteur, id, CommandKind.Submit)(gate.Task);
            if (id == control) return (submit, (Answer?)null);
            var at = clock.Elapsed + TimeSpan.FromSeconds(1.6 + i * 0.1);
            await Task.Delay(at - clock.Elapsed);
            return (submit, await Race.AtOnceAsync(Race.Command(chair, id, CommandKind.Endorse)));
        }).ToArray();
        gate.SetResult();
        var answered = await Task.WhenAll(races);
        var submits = answered.Select(a => a.submit).ToArray();
        var endorses = answered.Where(a => a.Item2 is not null).Select(a => a.Item2!).ToArray();
        output.WriteLine(string.Join("\n", endorses.Select(a => $"{a.What} → {a.Status} {a.State}")));

        await Race.WithEvidenceAsync(output, Host, tsb, ids.Append(control), submits.Concat(endorses), async () =>
        {
            Assert.All(submits, a => Assert.True(a.Status == 202, a.ToString()));
            // The reminder changes no state: an endorsement is accepted before, during and after it.
            Assert.All(endorses, a => Assert.True(a.Status == 202 && a.State == "Endorsed", a.ToString()));

            // The control LS, never decided, gets its reminder: the reminders' time has come for all.
            var controlMail = await Race.WaitForAllMailSentAsync(tsb, control, 1);
            Assert.Equal("ChairReminder", (string?)controlMail[0]!["kind"]);

            var reminded = 0;
            foreach (var id in ids)
            {
                var ls = await tsb.WaitForStateAsync(id, "AwaitingReplies");
                Assert.NotNull((string?)ls["number"]);
                trail.Check(ls);
                var mail = await tsb.WaitForMailAsync(id, NewLiaison.Groups.Length);
                Assert.Equal(NewLiaison.Groups.Select(g => $"dispatch|{g}"), mail.Where(m => (string?)m!["kind"] == "Dispatch").Select(m => (string)m!["key"]!).Order());
                var reminders = mail.Count(m => (string?)m!["kind"] == "ChairReminder");
                Assert.True(reminders <= 1, $"{id} got {reminders} chair reminders: {mail.ToJsonString()}");
                Assert.Equal(NewLiaison.Groups.Length + reminders, mail.Count);
                Assert.All(mail, m => Assert.True((string?)m!["status"] == "Sent" && (int)m["attempts"]! == 1, m!.ToJsonString()));
                Assert.Equal(reminders, Race.History(ls).Count(h => (string?)h["event"] == "ChairReminded"));
                reminded += reminders;
            }
            output.WriteLine($"{reminded} of {ids.Length} endorsed LSs got a chair reminder first");
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }

    [Fact]
    public async Task A_reply_and_a_close_at_the_moment_a_chaser_round_falls_due_leave_the_LS_closed_and_unchased()
    {
        var trail = new AuditTrail();
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        var ids = Race.Ids(700, 5);
        const string control = "tsag-2017-05-td705";
        var all = ids.Append(control).ToArray();

        // A deadline whose "30 days before" chaser falls due about 12 s from now, "7 days before" 4.6 s after that.
        var deadline = Geneva.DateOf(ToCalendar(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(18)));
        var thirtyBefore = ToReal(Geneva.StartOf(deadline) - TimeSpan.FromDays(30));
        (string, string)[] groups = [("ITU-T SG17", "for action"), ("Study Group 16", "comment"), ("itu-d-sgs", "information")];
        await Race.CreateAsync(rapporteur, all.Select(id => (id, Race.Draft(id, DeadlineText(deadline), groups))));
        await Race.SubmitAsync(rapporteur, all);
        await Task.WhenAll(all.Select(id => chair.PostAsync($"api/liaisons/{id}/endorse")));
        foreach (var id in all)
        {
            await tsb.WaitForStateAsync(id, "AwaitingReplies");
            // This host reminds the chair after 2 s (for the test above): an endorsement slower than that on a busy
            // machine brings one chair reminder as well, which this test does not count.
            await Eventually.GetAsync(() => Race.MailAsync(tsb, id),
                mail => mail.Count(m => (string?)m!["kind"] == "Dispatch" && (string?)m["status"] == "Sent") == NewLiaison.Groups.Length
                    && mail.All(m => (string?)m!["status"] == "Sent"),
                TimeSpan.FromSeconds(60), $"{id}'s dispatch mail, all sent");
        }
        // On LSs 0 and 2 the racing reply is the last one owed: the workflow closes them too.
        foreach (var id in new[] { ids[0], ids[2] })
            Assert.Equal(201, (await tsb.PostAsync($"api/liaisons/{id}/replies", new { fromGroup = "ITU-T SG16", reference = "SG16-LS7" })).Status);
        await Race.WarmUpAsync(tsb, 2 * ids.Length);
        Assert.True(thirtyBefore > DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5),
            $"The setup took too long: the chaser round at {thirtyBefore:O} is not ahead of {DateTimeOffset.UtcNow:O}.");

        // LS i: its reply and its close leave together, from 0.2 s before the round falls due to 1.2 s after it (a
        // timer the engine fires early is slept out to a second after its time, and the round takes a while on a busy host).
        var races = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var at = thirtyBefore + TimeSpan.FromSeconds(-0.2 + 0.35 * i);
            if (at > DateTimeOffset.UtcNow) await Task.Delay(at - DateTimeOffset.UtcNow);
            return await Race.AllAtOnceAsync(
            [
                Race.Reply(tsb, id, "ITU-T SG17", "SG17-LS30"),
                Race.Command(tsb, id, CommandKind.Close, body: new { reason = "Settled at the meeting." }),
            ]);
        }));
        var answers = races.SelectMany(r => r).ToList();
        output.WriteLine(string.Join("\n", answers.Select(a => $"{a.What} → {a.Status} {a.State}")));

        await Race.WithEvidenceAsync(output, Host, tsb, all, answers, async () =>
        {
            // The control LS, left alone, gets a chaser of a later round ("7 days before", or a later one when a
            // busy machine merges rounds: only the latest due is sent): the round after the race has come and gone.
            await Eventually.GetAsync(() => Race.MailAsync(tsb, control),
                mail => mail.Any(m => (string?)m!["kind"] == "Chaser" && (string?)m["status"] == "Sent"
                    && new[] { "|-604800", "|0", "|604800" }.Any(later => ((string)m["key"]!).EndsWith(later, StringComparison.Ordinal))),
                TimeSpan.FromSeconds(60), "the control LS's second chaser");

            var chasedBeforeClose = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                var (reply, close) = (races[i][0], races[i][1]);
                // A closed LS still takes replies; the close is refused only when the last reply closed it first.
                Assert.True(reply.Status == 201, reply.ToString());
                Assert.True(close.Status == 202 || (close.Status == 409 && close.State == "Closed" && i is 0 or 2), close.ToString());

                var ls = await tsb.WaitForStateAsync(ids[i], "Closed");
                Assert.Contains(ls["replies"]!.AsArray(), r => (string?)r!["reference"] == "SG17-LS30");
                Race.AssertOutcome(LiaisonState.AwaitingReplies, [(CommandKind.Close, close)], ls, allReplied: i is 0 or 2);
                trail.Check(ls);
                var closing = Assert.Single(Race.History(ls), h => (string?)h["state"] == "Closed");
                var closedAt = Race.Time(closing["at"]);

                await Race.WaitForOrchestrationAsync(tsb, ids[i], "Completed");
                var mail = await Race.MailAsync(tsb, ids[i]);
                var chasers = mail.Where(m => (string?)m!["kind"] == "Chaser").ToList();
                Assert.True(chasers.All(m => Race.Time(m!["createdAt"]) <= closedAt),
                    $"{ids[i]} closed at {closedAt:O} ({closing["key"]}) yet chased after: {new JsonArray([.. chasers.Select(c => c!.DeepClone())]).ToJsonString()}");
                Assert.DoesNotContain(chasers, m => ((string)m!["key"]!).EndsWith("|-604800", StringComparison.Ordinal));
                Assert.Single(mail, m => (string?)m!["kind"] == "Summary");
                Assert.All(mail, m => Assert.Equal("Sent", (string?)m!["status"]));
                chasedBeforeClose += chasers.Count > 0 ? 1 : 0;
            }
            output.WriteLine($"{chasedBeforeClose} of {ids.Length} LSs were chased before their close");
            await Race.AssertConsistentAsync(tsb, Host, output);
            trail.AssertInOrder();
        });
    }
}
