using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

/// <summary>
/// The recovery sweep on the stored pending marks (Azurite), its clock moved by hand and the engine's
/// client reduced to what the sweep asks of it: a change left pending is nudged after PendingFor, and
/// again at doubling intervals, not at every sweep (a nudge waiting in the engine's queue is not lost).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecoverySweepTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_change_left_pending_is_nudged_after_pending_for_then_at_doubling_intervals_and_a_new_change_starts_again()
    {
        var clock = new ManualClock(new DateTimeOffset(2017, 5, 4, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        TestServices.Add(services, TestServices.Configuration(azurite, new Dictionary<string, string?> { ["LiaisonFlow:Recovery:PendingFor"] = "00:00:30" }));
        await using var provider = services.BuildServiceProvider();
        await TsagSeed.MeetingAndGroupsAsync(provider);
        await TsagSeed.DraftAsync(provider, "sweep-1"); // created pending at 09:00:00
        var recovery = provider.GetRequiredService<WorkflowRecovery>();
        var client = new RecordingClient();
        var start = clock.GetUtcNow();

        // A sweep every 10 s for 1,000 s (the old sweep nudged at each one after the first 30 s: 98 nudges).
        var nudgedAt = new List<int>();
        for (var t = 0; t <= 1_000; t += 10)
        {
            clock.Set(start.AddSeconds(t));
            var before = client.Nudges.Count;
            await recovery.SweepAsync(client);
            if (client.Nudges.Count > before) nudgedAt.Add(t);
        }
        Assert.Equal([30, 60, 120, 240, 480, 960], nudgedAt);
        Assert.All(client.Nudges, id => Assert.Equal("sweep-1", id));

        // Handled: no more nudges. Then a new change: its own pending mark, nudged after PendingFor again.
        var ledger = provider.GetRequiredService<LiaisonLedger>();
        await ledger.MarkHandledAsync((await provider.GetRequiredService<LiaisonStore>().ReadAsync("sweep-1"))!);
        clock.Set(start.AddSeconds(1_500));
        await recovery.SweepAsync(client);
        Assert.Equal(6, client.Nudges.Count);

        await ledger.ChangeAsync("sweep-1", (s, c) => { c.Set(s.Liaison with { Title = "Changed" }); c.ForWorkflow = true; return Verdict.Apply; });
        clock.Set(start.AddSeconds(1_520));
        await recovery.SweepAsync(client);
        Assert.Equal(6, client.Nudges.Count);
        clock.Set(start.AddSeconds(1_530));
        await recovery.SweepAsync(client);
        Assert.Equal(7, client.Nudges.Count);
    }

    /// <summary>The engine as the sweep sees it: every LS's orchestration running, each nudge recorded.</summary>
    sealed class RecordingClient() : DurableTaskClient("recording")
    {
        public List<string> Nudges { get; } = [];

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            Task.FromResult<OrchestrationMetadata?>(new OrchestrationMetadata(LiaisonOrchestrator.Name, instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Running });

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        {
            Nudges.Add(instanceId);
            return Task.CompletedTask;
        }

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();
        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
