using System.Globalization;
using LiaisonFlow.Domain;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

/// <summary>
/// The reply phase on the in-memory engine with real activities on Azurite, under a calendar that
/// runs a day every second from 1 February 2018: "before 12 March 2018" comes round in ~40 s (slow enough that a busy machine does not run two reminder rounds together).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplyOrchestrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    const double SecondsPerDay = 1.0;
    static readonly DateTimeOffset CalendarStart = new(2018, 2, 1, 0, 0, 0, TimeSpan.Zero);
    DurableTaskTestHost host = null!;
    DateTimeOffset realStart;

    IServiceProvider Services => host.Services;
    DurableTaskClient Client => host.Client;

    public async Task InitializeAsync()
    {
        realStart = DateTimeOffset.UtcNow;
        var configuration = TestServices.Configuration(azurite, new Dictionary<string, string?>
        {
            ["LiaisonFlow:Chasers:Clock:CalendarStart"] = CalendarStart.ToString("O", CultureInfo.InvariantCulture),
            ["LiaisonFlow:Chasers:Clock:RealStart"] = realStart.ToString("O", CultureInfo.InvariantCulture),
            ["LiaisonFlow:Chasers:Clock:SecondsPerDay"] = SecondsPerDay.ToString(CultureInfo.InvariantCulture),
        });
        host = await DurableTaskTestHost.StartAsync(tasks => tasks.AddLiaisonWorkflow(),
            new DurableTaskTestHostOptions { Port = FreePort.Next(), ConfigureServices = services => TestServices.Add(services, configuration) });
        await TsagSeed.MeetingAndGroupsAsync(Services);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>An LS like TSAG-LS3, already sent and chased from the calendar's start.</summary>
    async Task StartAsync(string id, params (int Sg, Purpose Purpose)[] groups)
    {
        var ls = new LiaisonStatement
        {
            Id = id, MeetingId = "tsag-2017-05", Number = LsNumber.Parse("TSAG-LS3"), Title = "LS on open source", SourceBody = "TSAG", SourceGroup = "RG-SC",
            Td = TdReference.Parse("TD117R1"), Contact = new Contact("Glenn Parsons", "rg-sc.rapporteur@liaisonflow.example"),
            State = LiaisonState.AwaitingReplies, CreatedAt = DateTimeOffset.UtcNow, ChasingSince = CalendarStart,
            Addressees = [.. groups.Select(g => Addressee.Create($"itu-t-sg{g.Sg}", g.Purpose, Deadline.Parse("before 12 March 2018")))],
        };
        await Services.GetRequiredService<LiaisonLedger>().CreateAsync(ls, new HistoryEntry(DateTimeOffset.UtcNow, "seed", LiaisonEvent.Created, "test", "seeded", ls.State));
        await Client.ScheduleNewOrchestrationInstanceAsync(LiaisonOrchestrator.Name, new LiaisonWorkflowInput(id), new StartOrchestrationOptions(id));
    }

    async Task ReplyAsync(string id, int sg)
    {
        var reply = new Reply($"itu-t-sg{sg}", $"ITU-T SG{sg}", $"SG{sg}-LS{sg}", new DateOnly(2018, 2, 20), null, null, true, DateTimeOffset.UtcNow, "test");
        await ChangeAsync(id, LiaisonChanges.RecordReply(reply, new HistoryEntry(DateTimeOffset.UtcNow, $"reply:{sg}", LiaisonEvent.ReplyReceived, "test", "reply", null), null, null));
    }

    /// <summary>A change as the API makes it: stored through the ledger, then the orchestration nudged.</summary>
    async Task ChangeAsync(string id, Func<LiaisonSnapshot, LiaisonChange, Verdict> change)
    {
        Assert.Equal(ChangeOutcome.Applied, (await Services.GetRequiredService<LiaisonLedger>().ChangeAsync(id, change)).Outcome);
        await Services.GetRequiredService<WorkflowStarter>().NudgeAsync(Client, id);
    }

    Task<IReadOnlyList<MailLogEntry>> Mail(string id) => Services.GetRequiredService<LiaisonStore>().ListMailAsync(id);

    static IEnumerable<string> Keys(IEnumerable<MailLogEntry> mail, MailKind kind, TimeSpan? offset = null) => mail
        .Where(m => m.Kind == kind && (offset is null || m.Key.EndsWith($"|{(long)offset.Value.TotalSeconds}", StringComparison.Ordinal)))
        .Select(m => m.Key.Split('|')[1]).Order(StringComparer.Ordinal);

    [Fact]
    public async Task Chasers_go_to_the_groups_still_owing_at_each_offset_then_escalation_and_the_last_reply_closes_the_LS()
    {
        const string id = "reply-ls3";
        await StartAsync(id, (2, Purpose.Action), (3, Purpose.Action), (17, Purpose.Action), (5, Purpose.Information));

        // 30 days before 12 March 2018 (10 February): all three owing groups, not the informed one.
        var first = await Eventually.GetAsync(() => Mail(id), m => m.Any(e => e.Kind == MailKind.Chaser), what: "the first chasers");
        Assert.Equal(["itu-t-sg17", "itu-t-sg2", "itu-t-sg3"], Keys(first, MailKind.Chaser, TimeSpan.FromDays(-30)));

        await ReplyAsync(id, 3);

        // Queued with the round that decided it, then sent: wait until it has gone.
        var afterDeadline = await Eventually.GetAsync(() => Mail(id), m => m.Any(e => e.Kind == MailKind.Escalation) && m.All(e => e.Status == MailStatus.Sent),
            TimeSpan.FromSeconds(120), "the escalation to be sent");
        foreach (var offset in new[] { -7, 0, 7 })
            Assert.Equal(["itu-t-sg17", "itu-t-sg2"], Keys(afterDeadline, MailKind.Chaser, TimeSpan.FromDays(offset)));
        Assert.DoesNotContain(afterDeadline, m => m.Key.Contains("itu-t-sg5", StringComparison.Ordinal));
        var escalation = Assert.Single(afterDeadline, m => m.Kind == MailKind.Escalation);
        Assert.Equal(["tsag.chairman@liaisonflow.example", "tsbtsag@liaisonflow.example"], escalation.To);
        Assert.Contains("2 group(s) silent", escalation.Subject);
        Assert.All(afterDeadline, m => Assert.Equal(1, m.Attempts));

        var history = (await Services.GetRequiredService<LiaisonStore>().GetDetailsAsync(id))!.History;
        Assert.Equal(2, history.Count(h => h.Event == LiaisonEvent.Overdue));
        Assert.Contains(history, h => h.Event == LiaisonEvent.Escalated && h.Detail.Contains("itu-t-sg17, itu-t-sg2", StringComparison.Ordinal));

        await ReplyAsync(id, 2);
        await ReplyAsync(id, 17);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal("\"Closed\"", done.SerializedOutput);
        var summary = Assert.Single(await Mail(id), m => m.Kind == MailKind.Summary);
        Assert.Equal(["rg-sc.rapporteur@liaisonflow.example"], summary.To);
        Assert.Equal(LiaisonState.Closed, (await Services.GetRequiredService<LiaisonStore>().GetAsync(id))!.State);
    }

    [Fact]
    public async Task A_manual_close_stops_everything()
    {
        const string id = "reply-close";
        await StartAsync(id, (2, Purpose.Action), (17, Purpose.Comment));
        await Eventually.GetAsync(() => Mail(id), m => m.Any(e => e.Kind == MailKind.Chaser), what: "the first chasers");

        await ChangeAsync(id, LiaisonChanges.Command(CommandKind.Close, "close-1", "tsb", DateTimeOffset.UtcNow, new DateOnly(2018, 2, 15), reason: "Replies were given orally at the meeting."));
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        // Completed: no timer is left that could chase or escalate later, whatever the calendar does.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"Closed\"", done.SerializedOutput);
        Assert.DoesNotContain(await Mail(id), m => m.Kind == MailKind.Escalation);
        Assert.All(await Mail(id), m => Assert.Equal(MailStatus.Sent, m.Status));
        var summary = Assert.Single(await Mail(id), m => m.Kind == MailKind.Summary);
        Assert.Contains("Closed", summary.Subject);
    }

    [Fact]
    public async Task An_extended_deadline_moves_the_schedule()
    {
        const string id = "reply-extend";
        await StartAsync(id, (2, Purpose.Action), (17, Purpose.Action));
        await Eventually.GetAsync(() => Mail(id), m => m.Any(e => e.Kind == MailKind.Chaser), what: "the first chasers");

        // SG17 gets until 30 April 2018; SG2 keeps 12 March.
        var now = DateTimeOffset.UtcNow;
        await ChangeAsync(id, LiaisonChanges.ChangeDeadline("itu-t-sg17", Deadline.Parse("before 30 April 2018"),
            _ => new HistoryEntry(now, "deadline:sg17", LiaisonEvent.DeadlineChanged, "tsb", "extended", null)));

        var mail = await Eventually.GetAsync(() => Mail(id), m => m.Any(e => e.Key == "chaser|itu-t-sg17|20180430|-2592000"),
            TimeSpan.FromSeconds(120), "SG17's first reminder for its new deadline");
        Assert.Equal(["itu-t-sg2"], Keys(mail, MailKind.Chaser, TimeSpan.FromDays(7)));
        Assert.DoesNotContain(mail, m => m.Key.StartsWith("chaser|itu-t-sg17|20180312|0", StringComparison.Ordinal));
        Assert.Contains("1 group(s)", Assert.Single(mail, m => m.Kind == MailKind.Escalation).Subject);
    }
}
