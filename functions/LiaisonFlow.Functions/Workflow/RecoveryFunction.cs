using LiaisonFlow.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Workflow;

/// <summary>
/// The recovery sweep on a timer (every minute; at start-up too): nudges LSs whose workflow has not caught
/// up with a stored change, e.g. after an instance died between a change and its nudge.
/// </summary>
public sealed class RecoveryFunction(WorkflowRecovery recovery)
{
    [Function("RecoverySweep")]
    public Task Run([TimerTrigger("0 */1 * * * *", RunOnStartup = true)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        recovery.SweepAsync(client, everyUnfinished: timer.IsPastDue, context.CancellationToken);
}
