using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonFlow.Workflow;

/// <summary>Registers the orchestrator and its activities with a Durable Task worker (local host, tests).</summary>
public static class WorkflowRegistration
{
    public static DurableTaskRegistry AddLiaisonWorkflow(this DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<LiaisonWorkflowInput, string>(LiaisonOrchestrator.Name, LiaisonOrchestrator.RunAsync)
        .AddActivity(ActivityNames.RecordState, Step<StateChange, bool>((s, i) => s.RecordStateAsync(i)))
        .AddActivity(ActivityNames.RecordHistory, Step<HistoryNote, bool>((s, i) => s.RecordHistoryAsync(i)))
        .AddActivity(ActivityNames.AssignNumber, Step<NumberRequest, string>((s, i) => s.AssignNumberAsync(i)))
        .AddActivity(ActivityNames.Dispatch, Step<DispatchRequest, DispatchResult>((s, i) => s.DispatchAsync(i)))
        .AddActivity(ActivityNames.RemindChair, Step<ChairReminderRequest, bool>((s, i) => s.RemindChairAsync(i)))
        .AddActivity(ActivityNames.TrackReplies, Step<ReplySteps, TrackRequest, TrackResult>((s, i) => s.TrackAsync(i)))
        .AddActivity(ActivityNames.Close, Step<ReplySteps, CloseRequest, bool>((s, i) => s.CloseAsync(i)));

    static Func<IServiceProvider, ITaskActivity> Step<TInput, TOutput>(Func<LiaisonSteps, TInput, Task<TOutput>> run) =>
        Step<LiaisonSteps, TInput, TOutput>(run);

    static Func<IServiceProvider, ITaskActivity> Step<TSteps, TInput, TOutput>(Func<TSteps, TInput, Task<TOutput>> run) where TSteps : notnull =>
        services => new StepActivity<TSteps, TInput, TOutput>(services.GetRequiredService<TSteps>(), run);

    sealed class StepActivity<TSteps, TInput, TOutput>(TSteps steps, Func<TSteps, TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(steps, input);
    }
}
