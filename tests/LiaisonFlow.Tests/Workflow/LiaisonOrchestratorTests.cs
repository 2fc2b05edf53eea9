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
        var configuration = TestServices.Configuration(azurite);
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

    async Task<string> StartAsync(string id, LiaisonState state, TimeSpan? chairReminderAfter = null)
    {
        await TsagSeed.DraftAsync(Services, id, state);
        return await Client.ScheduleNewOrchestrationInstanceAsync(LiaisonOrchestrator.Name,
            new LiaisonWorkflowInput(id, state, chairReminderAfter), new Microsoft.DurableTask.StartOrchestrationOptions(id));
    }

    Task Send(string id, CommandKind kind, string? number = null) =>
        Client.RaiseEventAsync(id, LiaisonOrchestrator.CommandEvent,
            new LiaisonCommand(Guid.NewGuid().ToString("N"), kind, "test", DateTimeOffset.UtcNow, number));

    Task<LiaisonStatement> WaitForState(string id, LiaisonState state) =>
        Eventually.GetAsync(async () => (await Services.GetRequiredService<LiaisonStore>().GetAsync(id))!, ls => ls.State == state, what: $"{id} to reach {state}");

    Task<IReadOnlyList<MailLogEntry>> Mail(string id) => Services.GetRequiredService<MailLog>().ListAsync(id);

    [Fact]
    public async Task The_chair_is_reminded_once_while_the_plenary_has_not_decided_and_the_endorsement_still_dispatches()
    {
        var id = await StartAsync("orc-reminder", LiaisonState.AwaitingEndorsement, TimeSpan.FromSeconds(2));

        var reminders = await Eventually.GetAsync(() => Mail(id), m => m.Count > 0, what: "the chair reminder");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a second reminder would be due by now if the flag were lost
        var reminder = Assert.Single(await Mail(id));
        Assert.Equal("ChairReminder", reminder.Kind);
        Assert.Equal(["tsag.chairman@liaisonflow.example"], reminder.To);

        await Send(id, CommandKind.Endorse);
        await WaitForState(id, LiaisonState.AwaitingReplies);
        var mail = await Mail(id);
        Assert.Equal(["chair-reminder", "dispatch|itu-t-sg16", "dispatch|itu-t-sg17"], mail.Select(m => m.Key.Split('|')[0] == "chair-reminder" ? "chair-reminder" : m.Key).Order());
        Assert.Single(reminders);
    }

    [Fact]
    public async Task A_decision_before_the_reminder_is_due_cancels_the_reminder()
    {
        var id = await StartAsync("orc-no-reminder", LiaisonState.AwaitingEndorsement, TimeSpan.FromSeconds(3));
        await Send(id, CommandKind.Hold);
        await WaitForState(id, LiaisonState.Held);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Empty(await Mail(id));

        var status = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, status!.RuntimeStatus);
        Assert.Contains("release", status.SerializedCustomStatus);
    }

    [Fact]
    public async Task A_command_out_of_turn_is_recorded_and_ignored()
    {
        var id = await StartAsync("orc-ignored", LiaisonState.Draft);
        await Send(id, CommandKind.Endorse);
        var history = await Eventually.GetAsync(async () => (await Services.GetRequiredService<LiaisonStore>().GetDetailsAsync(id))!.History,
            h => h.Any(e => e.Event == "CommandIgnored"), what: "the ignored command in the history");
        Assert.Contains("Endorse does not apply to an LS in state Draft", history.Single(e => e.Event == "CommandIgnored").Detail);

        await Send(id, CommandKind.Submit);
        await WaitForState(id, LiaisonState.AwaitingEndorsement);
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
        await TsagSeed.DraftAsync(Services, "orc-info", LiaisonState.Held, ("iso-iec-jtc1", Purpose.Information, "none"));
        await Client.ScheduleNewOrchestrationInstanceAsync(LiaisonOrchestrator.Name,
            new LiaisonWorkflowInput("orc-info", LiaisonState.Held, null), new Microsoft.DurableTask.StartOrchestrationOptions("orc-info"));
        await Send("orc-info", CommandKind.Release);
        var ls = await WaitForState("orc-info", LiaisonState.Dispatched);
        Assert.NotNull(ls.Number);
        Assert.Equal(["dispatch|iso-iec-jtc1"], (await Mail("orc-info")).Select(m => m.Key));
    }
}
