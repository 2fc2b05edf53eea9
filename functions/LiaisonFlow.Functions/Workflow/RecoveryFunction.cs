using LiaisonFlow.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Workflow;

/// <summary>
/// The recovery sweeps on timers: every minute, LSs whose workflow has not caught up with a stored change
/// (an instance died between a change and its nudge); every hour, every unfinished LS's orchestration is
/// checked to be running (e.g. one that failed to replay after a deployment changed the orchestrator).
/// </summary>
public sealed class RecoveryFunction(WorkflowRecovery recovery)
{
    [Function("RecoverPending")]
    public Task Pending([TimerTrigger("0 */1 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        recovery.SweepAsync(client, everyUnfinished: false, context.CancellationToken);

    [Function("RecoverUnfinished")]
    public Task Unfinished([TimerTrigger("0 7 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        recovery.SweepAsync(client, everyUnfinished: true, context.CancellationToken);
}
