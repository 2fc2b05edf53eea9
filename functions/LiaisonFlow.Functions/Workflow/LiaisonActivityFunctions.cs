using LiaisonFlow.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Workflow;

/// <summary>
/// The orchestration's activities, one per name in <see cref="ActivityNames"/>, mapped to the same
/// <see cref="LiaisonSteps"/> methods as <see cref="WorkflowRegistration"/> maps them for the local host.
/// </summary>
public sealed class LiaisonActivityFunctions(LiaisonSteps steps, ReplySteps replies)
{
    [Function(ActivityNames.RecordState)]
    public Task<bool> RecordState([ActivityTrigger] StateChange input) => steps.RecordStateAsync(input);

    [Function(ActivityNames.RecordHistory)]
    public Task<bool> RecordHistory([ActivityTrigger] HistoryNote input) => steps.RecordHistoryAsync(input);

    [Function(ActivityNames.AssignNumber)]
    public Task<string> AssignNumber([ActivityTrigger] NumberRequest input) => steps.AssignNumberAsync(input);

    [Function(ActivityNames.Dispatch)]
    public Task<DispatchResult> Dispatch([ActivityTrigger] DispatchRequest input) => steps.DispatchAsync(input);

    [Function(ActivityNames.RemindChair)]
    public Task<bool> RemindChair([ActivityTrigger] ChairReminderRequest input) => steps.RemindChairAsync(input);

    [Function(ActivityNames.TrackReplies)]
    public Task<TrackResult> TrackReplies([ActivityTrigger] TrackRequest input) => replies.TrackAsync(input);

    [Function(ActivityNames.Close)]
    public Task<bool> Close([ActivityTrigger] CloseRequest input) => replies.CloseAsync(input);
}
