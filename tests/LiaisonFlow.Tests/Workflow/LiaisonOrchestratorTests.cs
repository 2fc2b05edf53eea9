using LiaisonFlow.Domain;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

/// <summary>
/// The orchestrator on the SDK's in-memory engine, with its real activities on Azurite. Timings come
/// in as input, so the chair-reminder path runs in seconds.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiaisonOrchestratorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    DurableTaskTestHost host = null!;
    IServiceProvider Services => host.Services;
    DurableTaskClient Client => host.Client;

    public async Task InitializeAsync()
    {
        var configuration = TestServices.Configuration(azurite, new Dictionary<string, string?> { ["LiaisonFlow:ChairReminderAfter"] = "00:00:03" });
        host = await DurableTaskTestHost.StartAsync(tasks => tasks.AddLiaisonWorkflow(),
            new DurableTaskTestHostOptions
            {
                // The test host would pick a random port in 30000–40000, inside Linux's ephemeral range: ask the OS for a free one.
                Port = FreePort.Next(),
                ConfigureServices = services => TestServices.Add(services, configuration),
            });
        await TsagSeed.MeetingAndGroupsAsync(Services);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task<string> StartAsync(string id, LiaisonState state, params (string Group, Purpose Purpose, string Deadline)[] addressees)
    {
        await TsagSeed.DraftAsync(Services, id, state, addressees);
        return await Client.ScheduleNewOrchestrationInstanceAsync(LiaisonOrchestrator.Name, new LiaisonWorkflowInput(id), new Microsoft.DurableTask.StartOrchestrationOptions(id));
    }

    /// <summary>A command as the API gives it: stored with the LS (checked against its state), then the orchestration nudged.</summary>
    async Task<ChangeResult> Send(string id, CommandKind kind, string? number = null)
    {
        var result = await Services.GetRequiredService<LiaisonLedger>().ChangeAsync(id,
            LiaisonChanges.Command(kind, $"cmd:{Guid.NewGuid():N}", "test", DateTimeOffset.UtcNow, new DateOnly(2017, 5, 4), number is null ? null : LsNumber.Parse(number)));
        if (result.Outcome == ChangeOutcome.Applied) await Services.GetRequiredService<WorkflowStarter>().NudgeAsync(Client, id);
        return result;
    }

    Task<LiaisonStatement> WaitForState(string id, LiaisonState state) =>
        Eventually.GetAsync(async () => (await Services.GetRequiredService<LiaisonStore>().GetAsync(id))!, ls => ls.State == state, what: $"{id} to reach {state}");

    Task<IReadOnlyList<MailLogEntry>> Mail(string id) => Services.GetRequiredService<LiaisonStore>().ListMailAsync(id);

    [Fact]
    public async Task The_chair_is_reminded_once_while_the_plenary_has_not_decided_and_the_endorsement_still_dispatches()
    {
        var id = await StartAsync("orc-reminder", LiaisonState.Draft);
        await Send(id, CommandKind.Submit);

        var reminder = Assert.Single(await Eventually.GetAsync(() => Mail(id), m => m.Any(e => e.Status == MailStatus.Sent), what: "the chair reminder"));
        Assert.Equal(MailKind.ChairReminder, reminder.Kind);
        Assert.Equal(["tsag.chairman@liaisonflow.example"], reminder.To);

        await Send(id, CommandKind.Endorse);
        await WaitForState(id, LiaisonState.AwaitingReplies);
        var mail = await Eventually.GetAsync(() => Mail(id), m => m.Count == 3 && m.All(e => e.Status == MailStatus.Sent), what: "the dispatch mail");
        // Steps ran after the reminder (numbering, dispatch): a lost "reminded" mark would have sent it again by now.
        Assert.Equal(["chair-reminder", "dispatch|itu-t-sg16", "dispatch|itu-t-sg17"], mail.Select(m => m.Key.Split('|')[0] == "chair-reminder" ? "chair-reminder" : m.Key).Order());
    }

    [Fact]
    public async Task A_decision_before_the_reminder_is_due_means_no_reminder()
    {
        var held = await StartAsync("orc-no-reminder", LiaisonState.Draft);
        var waiting = await StartAsync("orc-reminded", LiaisonState.Draft);
        await Send(held, CommandKind.Submit);
        await Send(waiting, CommandKind.Submit);
        await Send(held, CommandKind.Hold);
        await WaitForState(held, LiaisonState.Held);

        // The other LS, submitted at the same moment, is reminded: its reminder proves the due time passed.
        await Eventually.GetAsync(() => Mail(waiting), m => m.Any(e => e.Status == MailStatus.Sent), what: "the other LS's reminder");
        Assert.Empty(await Mail(held));
        var status = await Eventually.GetAsync(() => Client.GetInstanceAsync(held, getInputsAndOutputs: true)!, s => s!.SerializedCustomStatus?.Contains("release") == true,
            what: "the held LS's orchestration to wait for release");
        Assert.Equal(OrchestrationRuntimeStatus.Running, status!.RuntimeStatus);
    }

    [Fact]
    public async Task A_command_out_of_turn_is_refused_on_the_stored_state_and_changes_nothing()
    {
        var id = await StartAsync("orc-refused", LiaisonState.Draft);
        var refused = await Send(id, CommandKind.Endorse);
        Assert.Equal(ChangeOutcome.Refused, refused.Outcome);
        Assert.Contains("Draft cannot take \"endorse\"", refused.Message);
        Assert.Equal(LiaisonState.Draft, (await Services.GetRequiredService<LiaisonStore>().GetAsync(id))!.State);

        await Send(id, CommandKind.Submit);
        await Send(id, CommandKind.Endorse, "TSAG-LS42");
        var ls = await WaitForState(id, LiaisonState.AwaitingReplies);
        Assert.Equal("TSAG-LS42", ls.Number?.ToString());
    }

    [Fact]
    public async Task Withdrawing_completes_the_orchestration()
    {
        var id = await StartAsync("orc-withdraw", LiaisonState.Draft);
        await Send(id, CommandKind.Withdraw);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"Withdrawn\"", done.SerializedOutput);
        Assert.Equal(LiaisonState.Withdrawn, (await Services.GetRequiredService<LiaisonStore>().GetAsync(id))!.State);
    }

    [Fact]
    public async Task An_LS_for_information_only_stays_dispatched()
    {
        await StartAsync("orc-info", LiaisonState.Held, ("iso-iec-jtc1", Purpose.Information, "none"));
        await Send("orc-info", CommandKind.Release);
        var ls = await WaitForState("orc-info", LiaisonState.Dispatched);
        Assert.NotNull(ls.Number);
        Assert.Equal(["dispatch|iso-iec-jtc1"], (await Mail("orc-info")).Select(m => m.Key));
    }

    [Fact]
    public async Task An_orchestration_started_in_Endorsed_numbers_and_dispatches()
    {
        // As after a crash between the endorse and its nudge, an import in state Endorsed, or a dispatch that failed.
        await StartAsync("orc-endorsed", LiaisonState.Endorsed);
        var ls = await WaitForState("orc-endorsed", LiaisonState.AwaitingReplies);
        Assert.NotNull(ls.Number);
        Assert.Equal(2, (await Eventually.GetAsync(() => Mail("orc-endorsed"), m => m.Count(e => e.Status == MailStatus.Sent) == 2, what: "both dispatch mails")).Count);
    }
}
