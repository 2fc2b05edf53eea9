using LiaisonFlow.Domain;
using Microsoft.DurableTask;

namespace LiaisonFlow.Workflow;

/// <summary>
/// One orchestration per LS (instance id = LS id): draft → submitted → the plenary's decision →
/// number and dispatch → awaiting replies. Deterministic: time comes from the context, every side
/// effect from an activity, and each step continues as new so history stays small.
/// </summary>
public static class LiaisonOrchestrator
{
    public const string Name = "LiaisonWorkflow";
    public const string CommandEvent = "LiaisonCommand";

    static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    public static async Task<string> RunAsync(TaskOrchestrationContext context, LiaisonWorkflowInput input)
    {
        if (LiaisonTransitions.IsFinal(input.State)) return input.State.ToString();
        input = input with { WaitingSince = input.WaitingSince ?? context.CurrentUtcDateTime };
        var reminderDue = ChairReminderDue(input);
        context.SetCustomStatus(new WorkflowStatus(input.State.ToString(), WaitingFor(input.State), reminderDue));

        var command = await NextCommandAsync(context, input, reminderDue);
        if (command is null)
        {
            context.ContinueAsNew(input with { ChairReminded = true });
            return input.State.ToString();
        }

        var next = await ApplyAsync(context, input, command);
        if (LiaisonTransitions.IsFinal(next)) return next.ToString();
        context.ContinueAsNew(next == input.State
            ? input
            : new LiaisonWorkflowInput(input.LiaisonId, next, input.ChairReminderAfter));
        return next.ToString();
    }

    static DateTime? ChairReminderDue(LiaisonWorkflowInput input) =>
        input.State == LiaisonState.AwaitingEndorsement && !input.ChairReminded && input.ChairReminderAfter is { } after
            ? input.WaitingSince!.Value + after
            : null;

    static string WaitingFor(LiaisonState state) => state switch
    {
        LiaisonState.Draft => "submission by the rapporteur group",
        LiaisonState.AwaitingEndorsement => "the plenary's decision",
        LiaisonState.Held => "release by the chair",
        LiaisonState.AwaitingReplies => "replies",
        LiaisonState.Dispatched => "nothing: sent for information only",
        _ => "nothing",
    };

    /// <summary>The next command, or null when the chair reminder fell due first (and was sent).</summary>
    static async Task<LiaisonCommand?> NextCommandAsync(TaskOrchestrationContext context, LiaisonWorkflowInput input, DateTime? reminderDue)
    {
        var commandTask = context.WaitForExternalEvent<LiaisonCommand>(CommandEvent);
        if (reminderDue is null) return await commandTask;

        using var timerCancel = new CancellationTokenSource();
        var timer = context.CreateTimer(reminderDue.Value, timerCancel.Token);
        if (await Task.WhenAny(commandTask, timer) == commandTask)
        {
            timerCancel.Cancel();
            return await commandTask;
        }
        await context.CallActivityAsync(ActivityNames.RemindChair,
            new ChairReminderRequest(input.LiaisonId, input.WaitingSince!.Value, context.CurrentUtcDateTime), Retry);
        return null;
    }

    static async Task<LiaisonState> ApplyAsync(TaskOrchestrationContext context, LiaisonWorkflowInput input, LiaisonCommand command)
    {
        var id = input.LiaisonId;
        var now = context.CurrentUtcDateTime;
        if (!LiaisonTransitions.TryNext(input.State, command.Kind, out var next))
        {
            await context.CallActivityAsync(ActivityNames.RecordHistory, new HistoryNote(id, now, command.Id, "CommandIgnored", command.Actor,
                $"{command.Kind} does not apply to an LS in state {input.State}."), Retry);
            return input.State;
        }

        // Each step is stamped with the orchestration's clock when it starts, which replays identically
        // and moves on after every activity, so the history reads in the order things happened.
        var detail = command.Reason is null ? command.Kind.ToString() : $"{command.Kind}: {command.Reason}";
        await context.CallActivityAsync(ActivityNames.RecordState, new StateChange(id, next, now, command.Id, command.Actor, detail), Retry);
        if (next != LiaisonState.Endorsed) return next;

        await context.CallActivityAsync<string>(ActivityNames.AssignNumber, new NumberRequest(id, command.Number, context.CurrentUtcDateTime, command.Id + ":number", command.Actor), Retry);
        var dispatch = await context.CallActivityAsync<DispatchResult>(ActivityNames.Dispatch, new DispatchRequest(id, context.CurrentUtcDateTime, command.Id + ":dispatch", command.Actor), Retry);
        // An LS sent only for information owes nobody a reply: it stays Dispatched.
        if (!dispatch.AwaitsReplies) return LiaisonState.Dispatched;
        await context.CallActivityAsync(ActivityNames.RecordState, new StateChange(id, LiaisonState.AwaitingReplies, context.CurrentUtcDateTime,
            command.Id + ":awaiting", "LiaisonFlow", "Waiting for replies from the groups addressed for action or comment."), Retry);
        // Reply tracking, chasers and closing (issue 3) continue from this state.
        return LiaisonState.AwaitingReplies;
    }
}
