using LiaisonFlow.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LiaisonFlow.Functions.Workflow;

/// <summary>The per-LS orchestration; all logic lives in <see cref="LiaisonOrchestrator"/>.</summary>
public static class LiaisonOrchestratorFunction
{
    [Function(LiaisonOrchestrator.Name)]
    public static Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new LiaisonOrchestrator().RunAsync(context, context.GetInput<LiaisonWorkflowInput>()
            ?? throw new InvalidOperationException($"{LiaisonOrchestrator.Name} started without input."));
}
