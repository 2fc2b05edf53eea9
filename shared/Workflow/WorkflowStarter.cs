using System.Collections.Concurrent;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Workflow;

/// <summary>
/// Tells an LS's orchestration that the LS changed, starting it first when it is not running. The change
/// is stored before this is called, so a nudge that fails or is lost only delays: the LS stays marked
/// pending and <see cref="WorkflowRecovery"/> nudges it again.
/// </summary>
public sealed class WorkflowStarter(ILogger<WorkflowStarter> logger)
{
    public async Task NudgeAsync(DurableTaskClient client, string liaisonId, CancellationToken ct = default)
    {
        if (!await EnsureRunningAsync(client, liaisonId, ct)) return; // just started: its first step reads the change
        await client.RaiseEventAsync(liaisonId, LiaisonOrchestrator.NudgeEvent, "changed", ct);
    }

    /// <summary>Nudges, and logs instead of failing: for callers whose change is already stored and answered for.</summary>
    public async Task TryNudgeAsync(DurableTaskClient client, string liaisonId, CancellationToken ct = default)
    {
        try
        {
            await NudgeAsync(client, liaisonId, ct);
            FaultPoints.Hit(FaultPoint.Nudged);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "LS {LiaisonId}: the orchestration was not nudged; the recovery sweep will.", liaisonId);
        }
    }

    /// <summary>True when the orchestration was already running; false when this call started it.</summary>
    public async Task<bool> EnsureRunningAsync(DurableTaskClient client, string liaisonId, CancellationToken ct = default)
    {
        if (IsAlive(await client.GetInstanceAsync(liaisonId, ct))) return true;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(LiaisonOrchestrator.Name, new LiaisonWorkflowInput(liaisonId), new StartOrchestrationOptions(liaisonId), ct);
            return false;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Started by a concurrent request? Then that is all we wanted.
            if (IsAlive(await client.GetInstanceAsync(liaisonId, ct))) return true;
            throw;
        }
    }

    static bool IsAlive(OrchestrationMetadata? instance) => instance?.RuntimeStatus is
        OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}

/// <summary>
/// Finds LSs whose workflow has not caught up with a stored change — a crash between the change and its
/// nudge, or between a create and its orchestration — and nudges them. Run at start and then
/// periodically (the local host's <see cref="RecoveryService"/>, the Functions app's timer).
/// </summary>
public sealed class WorkflowRecovery(LiaisonStore store, WorkflowStarter starter, Inbound.InboundRegistrar inbound, TimeProvider clock, Microsoft.Extensions.Options.IOptions<LiaisonFlowOptions> options, ILogger<WorkflowRecovery> logger)
{
    /// <summary>The longest wait between two nudges of one pending change, in <see cref="RecoveryOptions.PendingFor"/>s.</summary>
    const int MaxBackoff = 16;

    /// <summary>
    /// The nudges this process gave each pending change (by its pending mark) and when the next is due. A
    /// change still pending after its nudge is most often one whose nudge waits in the engine's queue behind
    /// others (under load, minutes), and each nudge more is one more message and episode for the engine to
    /// work through; so they come at doubling intervals, the first still after <see cref="RecoveryOptions.PendingFor"/>.
    /// Lost with the process, which only makes the next sweep nudge at once.
    /// </summary>
    readonly ConcurrentDictionary<string, (DateTimeOffset PendingSince, DateTimeOffset Next, int Count)> nudges = new(StringComparer.Ordinal);

    /// <summary>Whether to nudge this pending change now, and if so when the next nudge of it would be due.</summary>
    bool NudgeDue(string id, DateTimeOffset pendingSince, DateTimeOffset now)
    {
        var given = nudges.TryGetValue(id, out var last) && last.PendingSince == pendingSince ? last.Count : 0;
        if (given > 0 && now < last.Next) return false;
        var wait = options.Value.Recovery.PendingFor * Math.Min(1 << Math.Min(given, 30), MaxBackoff);
        nudges[id] = (pendingSince, now + wait, given + 1);
        return true;
    }

    /// <summary>Nudges every LS pending for longer than the setting; with <paramref name="everyUnfinished"/> also makes sure every unfinished LS has a running orchestration.</summary>
    public async Task<int> SweepAsync(DurableTaskClient client, bool everyUnfinished = false, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.Recovery.PendingFor;
        var records = everyUnfinished ? await store.ListRecordsAsync(ct) : await store.ListPendingAsync(cutoff, ct);
        var stillPending = records.Where(r => r.PendingSince is { } since && since <= cutoff).Select(r => r.PartitionKey).ToHashSet(StringComparer.Ordinal);
        foreach (var id in nudges.Keys.Where(id => !stillPending.Contains(id))) nudges.TryRemove(id, out _);
        var nudged = 0;
        foreach (var record in records)
        {
            var unfinished = !Enum.TryParse<LiaisonState>(record.State, out var state) || !LiaisonTransitions.IsFinal(state);
            var pending = stillPending.Contains(record.PartitionKey) && (everyUnfinished || NudgeDue(record.PartitionKey, record.PendingSince!.Value, now));
            if (!pending && !(everyUnfinished && unfinished)) continue;
            try
            {
                if (pending) await starter.NudgeAsync(client, record.PartitionKey, ct);
                else await starter.EnsureRunningAsync(client, record.PartitionKey, ct);
                nudged++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "LS {LiaisonId}: recovery could not reach its orchestration.", record.PartitionKey);
            }
        }
        if (nudged > 0) logger.LogInformation("Recovery sweep: {Count} LS(s) nudged or started.", nudged);
        // Inbound mail stored but not processed (a crash after the store) is processed now.
        var processed = await inbound.ProcessReceivedAsync(client, cutoff, ct);
        if (processed > 0) logger.LogInformation("Recovery sweep: {Count} inbound mail(s) processed.", processed);
        return nudged;
    }
}

/// <summary>The local host's recovery: a full sweep at start, then the pending sweep every <see cref="RecoveryOptions.SweepInterval"/>.</summary>
public sealed class RecoveryService(WorkflowRecovery recovery, DurableTaskClient client, Microsoft.Extensions.Options.IOptions<LiaisonFlowOptions> options, ILogger<RecoveryService> logger)
    : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var everyUnfinished = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await recovery.SweepAsync(client, everyUnfinished, stoppingToken);
                everyUnfinished = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Recovery sweep failed; trying again at the next interval.");
            }
            await Task.Delay(options.Value.Recovery.SweepInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
