using System.Net.Http.Headers;
using System.Text;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Tests.Integration;
using Xunit;

namespace LiaisonFlow.Tests.Faults;

/// <summary>
/// Kill -9 at named points of the life cycle (the local host's fault hook, LiaisonFlow__Faults__KillAt),
/// restart, and check that nothing answered 2xx is lost, nothing is stuck and nothing is done twice:
/// the LS reaches the state its accepted commands imply, every mail went once (or twice with one
/// Message-ID, where the crash hit inside the provider's call), and the store's consistency report —
/// states, orchestrations, numbers, replies, mail, indexes — is clean.
/// </summary>
[Collection(FaultAzuriteCollection.Name)]
public sealed class FaultInjectionTests(AzuriteFixture azurite)
{
    const string Ls3 = "tsag-2017-05-td117";

    /// <summary>Every kill point: the name says where the process dies.</summary>
    public static TheoryData<string> Points => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(Points))]
    public async Task Nothing_is_lost_stuck_or_done_twice_after_a_kill_at(string point)
    {
        try
        {
            await Scenarios[point](azurite);
        }
        catch (Exception e) when (FaultRun.Last is { } run && e is not Xunit.Sdk.XunitException { InnerException: not null })
        {
            var log = run.Host.AllOutput.Split('\n').Where(l => !l.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}\n--- the host's last log lines ---\n{string.Join('\n', log.TakeLast(80))}", e);
        }
    }

    static readonly Dictionary<string, Func<AzuriteFixture, Task>> Scenarios = new(StringComparer.Ordinal)
    {
        ["create stored, orchestration not started, no answer"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "CreateStored");
            await run.KilledByAsync(() => run.Rapporteur.PostAsync("api/liaisons", NewLiaison.Draft("fault-create")));
            await run.ConsistentAsync();
            // The LS the crash left has its orchestration: a submit is acted on.
            Assert.Equal(202, (await run.Rapporteur.PostAsync("api/liaisons/fault-create/submit")).Status);
            await run.Tsb.WaitForStateAsync("fault-create", "AwaitingEndorsement");
            await run.ConsistentAsync();
        },
        ["submit stored, not nudged, no answer"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChangeStored");
            await CreateAsync(run, "fault-submit");
            await run.KilledByAsync(() => run.Rapporteur.PostAsync("api/liaisons/fault-submit/submit"));
            await run.Tsb.WaitForStateAsync("fault-submit", "AwaitingEndorsement");
            await run.ConsistentAsync();
        },
        ["endorse stored, not nudged, no answer"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChangeStored:2");
            await SubmittedAsync(run, "fault-endorse");
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-endorse/endorse"));
            await DispatchedAsync(run, "fault-endorse", "TSAG-LS8");
        },
        ["endorse nudged, answer not sent"] = async azurite =>
        {
            // Nudges: the create (1), the submit (2), the endorse (3).
            await using var run = await FaultRun.StartAsync(azurite, "Nudged:3", armAfterImport: true);
            await CreateAsync(run, "fault-nudged");
            Assert.Equal(202, (await run.Rapporteur.PostAsync("api/liaisons/fault-nudged/submit")).Status);
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-nudged/endorse"));
            await DispatchedAsync(run, "fault-nudged", "TSAG-LS8");
        },
        ["number reserved, LS not numbered"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "NumberReserved");
            await SubmittedAsync(run, "fault-reserved");
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-reserved/endorse"));
            await DispatchedAsync(run, "fault-reserved", "TSAG-LS8");
        },
        ["numbered, not dispatched"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "Numbered");
            await SubmittedAsync(run, "fault-numbered");
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-numbered/endorse", new { number = "TSAG-LS12" }));
            await DispatchedAsync(run, "fault-numbered", "TSAG-LS12");
        },
        ["dispatched with mail queued, none sent"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "Dispatched");
            await SubmittedAsync(run, "fault-dispatched");
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-dispatched/endorse"));
            await DispatchedAsync(run, "fault-dispatched", "TSAG-LS8");
        },
        ["dispatch mail claimed, provider not called"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "MailClaimed");
            await SubmittedAsync(run, "fault-claimed");
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-claimed/endorse"));
            await DispatchedAsync(run, "fault-claimed", "TSAG-LS8");
        },
        ["dispatch mail accepted by the provider, not marked sent"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "MailHanded");
            await SubmittedAsync(run, "fault-handed");
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-handed/endorse"));
            await DispatchedAsync(run, "fault-handed", "TSAG-LS8", resent: 1);
        },
        ["in the middle of a dispatch to 24 groups"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "MailHanded:12");
            await SubmittedAsync(run, "fault-24", EveryGroup);
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/fault-24/endorse"));
            await run.Tsb.WaitForStateAsync("fault-24", "AwaitingReplies", TimeSpan.FromSeconds(90));
            await run.MailOnceAsync("fault-24", EveryGroup.Length, resent: 1);
            await run.ConsistentAsync();
        },
        ["chair reminder queued, not sent"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChairReminderQueued", ReminderAfter2s);
            await CreateAsync(run, "fault-reminder");
            await run.KilledByAsync(() => run.Rapporteur.PostAsync("api/liaisons/fault-reminder/submit"));
            await run.MailOnceAsync("fault-reminder", 1);
            await run.ConsistentAsync();
        },
        ["chair decision while the reminder is being sent"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "MailClaimed", ReminderAfter2s);
            await CreateAsync(run, "fault-decision");
            await run.KilledByAsync(() => run.Rapporteur.PostAsync("api/liaisons/fault-decision/submit"));
            Assert.Equal(202, (await run.Chair.PostAsync("api/liaisons/fault-decision/endorse")).Status);
            await run.Tsb.WaitForStateAsync("fault-decision", "AwaitingReplies", TimeSpan.FromSeconds(90));
            await run.MailOnceAsync("fault-decision", NewLiaison.Groups.Length + 1);
            await run.ConsistentAsync();
        },
        ["chaser round stored, not sent"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "TrackingStored", FastCalendar());
            await run.KilledByAsync(() => run.Tsb.PostAsync($"api/liaisons/{Ls3}/chasers", new { enabled = true }));
            await Eventually.GetAsync(() => Task.FromResult(run.Deliveries(Ls3)), d => d.Count(k => k.Key.StartsWith("chaser|", StringComparison.Ordinal)) == 11,
                TimeSpan.FromSeconds(90), "the first chaser round to all 11 ITU-T SGs");
            await run.MailOnceAsync(Ls3, 11, only: FirstRound);
            await run.ConsistentAsync();
        },
        ["chaser batch accepted by the provider, not marked sent"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "MailHanded", FastCalendar());
            await run.KilledByAsync(() => run.Tsb.PostAsync($"api/liaisons/{Ls3}/chasers", new { enabled = true }));
            await run.MailOnceAsync(Ls3, 11, resent: 11, only: FirstRound);
            await run.ConsistentAsync();
        },
        ["reply stored, orchestration not nudged, no answer"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChangeStored");
            await run.KilledByAsync(() => run.Tsb.PostAsync($"api/liaisons/{Ls3}/replies", new { fromGroup = "ITU-T SG17", reference = "SG17-LS40", receivedOn = "2018-02-20" }));
            var ls = (await run.Tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!;
            Assert.NotNull(ls["replies"]);
            Assert.Contains(ls["replies"]!.AsArray(), r => (string?)r!["reference"] == "SG17-LS40");
            Assert.Equal("Received", (string?)ls["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg17")!["replyStatus"]);
            await run.ConsistentAsync();
        },
        ["the last reply closed the LS, summary not queued"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "Closed");
            await CreateAsync(run, "fault-closed", [("ITU-T SG17", "for action"), ("ITU-T SG16", "for information")]);
            Assert.Equal(202, (await run.Rapporteur.PostAsync("api/liaisons/fault-closed/submit")).Status);
            Assert.Equal(202, (await run.Chair.PostAsync("api/liaisons/fault-closed/endorse")).Status);
            await run.Tsb.WaitForStateAsync("fault-closed", "AwaitingReplies");
            await run.KilledByAsync(() => run.Tsb.PostAsync("api/liaisons/fault-closed/replies", new { fromGroup = "ITU-T SG17", reference = "SG17-LS41" }));
            await run.Tsb.WaitForStateAsync("fault-closed", "Closed");
            await run.MailOnceAsync("fault-closed", 3); // two dispatch mails and the summary
            await run.ConsistentAsync();
        },
        ["close stored, not nudged, no answer"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChangeStored");
            await run.KilledByAsync(() => run.Tsb.PostAsync($"api/liaisons/{Ls3}/close", new { reason = "Answered at the plenary." }));
            await run.Tsb.WaitForStateAsync(Ls3, "Closed");
            await run.MailOnceAsync(Ls3, 1); // the summary to the contact
            await run.ConsistentAsync();
        },
        ["deadline change stored, indexes not in step"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChangeStored");
            await run.KilledByAsync(() => run.Tsb.PostAsync($"api/liaisons/{Ls3}/addressees/itu-t-sg2/deadline", new { deadline = "before 30 April 2018", reason = "SG2 meets in April" }));
            var sg2 = (await run.Tsb.GetJsonAsync($"api/liaisons/{Ls3}")).Body!["addressees"]!.AsArray().Single(a => (string?)a!["group"] == "itu-t-sg2")!;
            Assert.Equal("2018-04-30", (string?)sg2["deadline"]!["date"]);
            await run.ConsistentAsync();
            var owed = (await run.Tsb.GetJsonAsync("api/dashboard/outstanding?group=itu-t-sg2&asOf=2018-02-01")).Body!;
            Assert.Contains("2018-04-30", owed.ToJsonString(), StringComparison.Ordinal);
        },
        ["held TD112 released, not nudged"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChangeStored");
            await run.KilledByAsync(() => run.Chair.PostAsync("api/liaisons/tsag-2017-05-td112/release", new { reason = "A liaison officer to JTC 1 is appointed." }));
            var ls = await run.Tsb.WaitForStateAsync("tsag-2017-05-td112", "Dispatched", TimeSpan.FromSeconds(90));
            Assert.Equal("TSAG-LS8", (string?)ls["number"]);
            await run.MailOnceAsync("tsag-2017-05-td112", 1);
            await run.ConsistentAsync();
        },
        ["TD upload: bytes stored, row not written"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "DocumentBlobWritten");
            await CreateAsync(run, "fault-upload");
            const string path = "api/liaisons/fault-upload/documents/TD130R1.txt";
            await run.KilledByAsync(() => run.Rapporteur.PutAsync(path, Text("revision 1, cut off")));
            Assert.Equal(404, (int)(await run.Rapporteur.GetAsync(path)).StatusCode); // no row points at it: nothing half-stored
            Assert.Equal(201, (int)(await run.Rapporteur.PutAsync(path, Text("revision 1"))).StatusCode);
            Assert.Equal("revision 1", await run.Rapporteur.GetStringAsync(path));
            await run.ConsistentAsync();
        },
        ["in the middle of an import"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ImportLiaisonStored:4", importTsag: false);
            await run.KilledByAsync(() => run.Tsb.ImportTsagAsync());
            var again = await run.Tsb.ImportTsagAsync();
            Assert.Equal(9, again["liaisons"]!.AsArray().Count);
            var listed = (await run.Tsb.GetJsonAsync("api/liaisons?meeting=tsag-2017-05")).Body!.AsArray();
            Assert.Equal(9, listed.Count);
            Assert.Equal(Enumerable.Range(1, 7).Select(n => $"TSAG-LS{n}"), listed.Select(l => (string?)l!["number"]).OfType<string>().Order(StringComparer.Ordinal));
            await run.ConsistentAsync();
        },
        ["withdraw stored while the reminder timer runs"] = async azurite =>
        {
            await using var run = await FaultRun.StartAsync(azurite, "ChangeStored:2", ReminderAfter2s);
            await SubmittedAsync(run, "fault-withdraw");
            await run.KilledByAsync(() => run.Rapporteur.PostAsync("api/liaisons/fault-withdraw/withdraw"));
            await run.Tsb.WaitForStateAsync("fault-withdraw", "Withdrawn");
            var status = await Eventually.GetAsync(async () => (await run.Tsb.GetJsonAsync("api/liaisons/fault-withdraw/status")).Body!,
                s => (string?)s["orchestration"]?["runtimeStatus"] == "Completed", TimeSpan.FromSeconds(60), "the withdrawn LS's orchestration to end");
            Assert.DoesNotContain(run.Deliveries("fault-withdraw"), d => !d.Key.StartsWith("chair-reminder", StringComparison.Ordinal));
            await run.ConsistentAsync();
        },
    };

    static string[] EveryGroup =>
    [
        "TSAG", "ITU-T SG2", "ITU-T SG3", "ITU-T SG5", "ITU-T SG9", "ITU-T SG11", "ITU-T SG12", "ITU-T SG13", "ITU-T SG15", "ITU-T SG16", "ITU-T SG17", "ITU-T SG20",
        "TDAG", "ITU-D SG1", "ITU-D SG2", "RAG", "ITU-R SG1", "ITU-R SG3", "ITU-R SG4", "ITU-R SG5", "ITU-R SG6", "ITU-R SG7", "ISCT", "ISO/IEC JTC 1",
    ];

    /// <summary>The chasers of 30 days before the deadline (later rounds may already be on their way).</summary>
    static bool FirstRound(string key) => key.StartsWith("chaser|", StringComparison.Ordinal) && key.EndsWith("|-2592000", StringComparison.Ordinal);

    static Dictionary<string, string> ReminderAfter2s => new() { ["LiaisonFlow__ChairReminderAfter"] = "00:00:02" };

    /// <summary>
    /// A day every 0.5 s, reaching 1 February 2018 20 s from now: chasing starts well before LS3's reminder
    /// of 30 days before (10 February, ~25 s from now) however slowly the host starts — a reminder already
    /// past when chasing begins would be skipped as back-catalogue — and it is the only reminder (no later
    /// round can merge with it under a slow restart).
    /// </summary>
    static Dictionary<string, string> FastCalendar() => new()
    {
        ["LiaisonFlow__Chasers__Offsets"] = "-30.00:00:00",
        ["LiaisonFlow__Chasers__Clock__CalendarStart"] = "2018-02-01T00:00:00Z",
        ["LiaisonFlow__Chasers__Clock__RealStart"] = FaultRun.Calendar(DateTimeOffset.UtcNow.AddSeconds(20)),
        ["LiaisonFlow__Chasers__Clock__SecondsPerDay"] = "0.5",
    };

    static ByteArrayContent Text(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return content;
    }

    static async Task CreateAsync(FaultRun run, string id, (string Group, string Purpose)[]? addressees = null)
    {
        object body = addressees is null ? NewLiaison.Draft(id) : new
        {
            id, meetingId = "tsag-2017-05", title = $"LS {id}", sourceGroup = "RG-SC", td = "TD130R1",
            contact = new { name = "Glenn Parsons", email = "rg-sc.rapporteur@liaisonflow.example" },
            addressees = addressees.Select(a => new { group = a.Group, purpose = a.Purpose, deadline = a.Purpose == "for information" ? "none" : "before 28 February 2030" }).ToArray(),
        };
        var (status, answer, _) = await run.Rapporteur.PostAsync("api/liaisons", body);
        Assert.True(status == 201, $"create answered {status}: {answer}");
    }

    static async Task SubmittedAsync(FaultRun run, string id, string[]? groups = null)
    {
        await CreateAsync(run, id, groups?.Select(g => (g, "for action")).ToArray());
        Assert.Equal(202, (await run.Rapporteur.PostAsync($"api/liaisons/{id}/submit")).Status);
        await run.Tsb.WaitForStateAsync(id, "AwaitingEndorsement");
    }

    static async Task DispatchedAsync(FaultRun run, string id, string number, int resent = 0)
    {
        var ls = await run.Tsb.WaitForStateAsync(id, "AwaitingReplies", TimeSpan.FromSeconds(90));
        Assert.Equal(number, (string?)ls["number"]);
        await run.MailOnceAsync(id, NewLiaison.Groups.Length, resent);
        await run.ConsistentAsync();
    }
}
