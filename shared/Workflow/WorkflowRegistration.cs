using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonFlow.Workflow;

/// <summary>Registers the orchestrator and its activity with a Durable Task worker (local host, tests).</summary>
public static class WorkflowRegistration
{
    public static DurableTaskRegistry AddLiaisonWorkflow(this DurableTaskRegistry registry) => registry
        .AddOrchestrator(LiaisonOrchestrator.Name, () => new LiaisonOrchestrator())
        .AddActivity(ActivityNames.Advance, services => new AdvanceActivity(services.GetRequiredService<LiaisonSteps>()));

    sealed class AdvanceActivity(LiaisonSteps steps) : TaskActivity<AdvanceRequest, AdvanceResult>
    {
        public override Task<AdvanceResult> RunAsync(TaskActivityContext context, AdvanceRequest input) => steps.AdvanceAsync(input);
    }
}
