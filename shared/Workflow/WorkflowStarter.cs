using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Workflow;

/// <summary>Makes sure an LS that is not finished has its orchestration running, starting it in the LS's stored state.</summary>
public sealed class WorkflowStarter(IOptions<LiaisonFlowOptions> options)
{
    public async Task EnsureRunningAsync(DurableTaskClient client, LiaisonStatement ls, CancellationToken ct = default)
    {
        if (LiaisonTransitions.IsFinal(ls.State)) return;
        if (IsAlive(await client.GetInstanceAsync(ls.Id, ct))) return;

        var input = new LiaisonWorkflowInput(ls.Id, ls.State, options.Value.ChairReminderAfter);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(LiaisonOrchestrator.Name, input, new StartOrchestrationOptions(ls.Id), ct);
        }
        catch (Exception)
        {
            // Started by a concurrent request? Then that is all we wanted.
            if (!IsAlive(await client.GetInstanceAsync(ls.Id, ct))) throw;
        }
    }

    /// <summary>
    /// Tells the LS's orchestration that replies or deadlines changed, (re)starting it first if it is
    /// not running and the LS is not finished. The data is stored before this, so a missed nudge only delays.
    /// </summary>
    public async Task NotifyRepliesChangedAsync(DurableTaskClient client, LiaisonStatement ls, string why, CancellationToken ct = default)
    {
        if (LiaisonTransitions.IsFinal(ls.State)) return;
        await EnsureRunningAsync(client, ls, ct);
        await client.RaiseEventAsync(ls.Id, LiaisonOrchestrator.RepliesChangedEvent, why, ct);
    }

    static bool IsAlive(OrchestrationMetadata? instance) => instance?.RuntimeStatus is
        OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
