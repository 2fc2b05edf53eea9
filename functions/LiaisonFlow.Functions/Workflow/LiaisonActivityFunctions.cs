using LiaisonFlow.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Workflow;

/// <summary>The orchestration's activity, mapped to the same <see cref="LiaisonSteps"/> method as <see cref="WorkflowRegistration"/> maps it for the local host.</summary>
public sealed class LiaisonActivityFunctions(LiaisonSteps steps)
{
    [Function(ActivityNames.Advance)]
    public Task<AdvanceResult> Advance([ActivityTrigger] AdvanceRequest input) => steps.AdvanceAsync(input);
}
