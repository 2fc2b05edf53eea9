using LiaisonFlow.Domain;
using Microsoft.DurableTask;

namespace LiaisonFlow.Workflow;

/// <summary>
/// One orchestration per LS (instance id = LS id): draft → submitted → the plenary's decision →
/// number and dispatch → replies chased until all are in → closed. Deterministic: time comes from
/// the context, every side effect from an activity, and each step continues as new so the history
/// of an LS that waits for a year stays a few events long.
/// </summary>
public static class LiaisonOrchestrator
{
    public const string Name = "LiaisonWorkflow";

    /// <summary>A <see cref="LiaisonCommand"/>: the plenary's decisions, withdraw, close.</summary>
    public const string CommandEvent = "LiaisonCommand";

    /// <summary>A reply was recorded or a deadline changed: reply tracking should look again.</summary>
    public const string RepliesChangedEvent = "RepliesChanged";

    static readonly TimeSpan TrackAgainAfterFailure = TimeSpan.FromMinutes(15);

    static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    public static async Task<string> RunAsync(TaskOrchestrationContext context, LiaisonWorkflowInput input)
    {
        if (LiaisonTransitions.IsFinal(input.State)) return input.State.ToString();
        input = input with { WaitingSince = input.WaitingSince ?? context.CurrentUtcDateTime };
        if (input.State == LiaisonState.AwaitingReplies) return await AwaitRepliesAsync(context, input);

        var reminderDue = ChairReminderDue(input);
        context.SetCustomStatus(new WorkflowStatus(input.State.ToString(), WaitingFor(input.State), reminderDue, null));
        var command = await NextCommandAsync(context, input, reminderDue);
        if (command is null)
        {
            context.ContinueAsNew(input with { ChairReminded = true });
            return input.State.ToString();
        }
        return Continue(context, input, await ApplyAsync(context, input, command));
    }

    static string Continue(TaskOrchestrationContext context, LiaisonWorkflowInput input, LiaisonState next)
    {
        if (LiaisonTransitions.IsFinal(next)) return next.ToString();
        context.ContinueAsNew(next == input.State ? input : new LiaisonWorkflowInput(input.LiaisonId, next, input.ChairReminderAfter));
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

    /// <summary>
    /// The reply phase: chase what is due (worked out from stored state), then sleep until the next
    /// thing falls due, a reply or a deadline change arrives, or the secretariat closes the LS.
    /// </summary>
    static async Task<string> AwaitRepliesAsync(TaskOrchestrationContext context, LiaisonWorkflowInput input)
    {
        var id = input.LiaisonId;
        context.SetCustomStatus(new WorkflowStatus(input.State.ToString(), WaitingFor(input.State), null, null));
        TrackResult round;
        try
        {
            round = await context.CallActivityAsync<TrackResult>(ActivityNames.TrackReplies, new TrackRequest(id, context.CurrentUtcDateTime), Retry);
        }
        catch (TaskFailedException)
        {
            // Mail or storage stayed down through every retry: look again later rather than end the
            // LS's orchestration; nothing is lost, as every step is keyed and re-worked from storage.
            await context.CreateTimer(context.CurrentUtcDateTime + TrackAgainAfterFailure, CancellationToken.None);
            context.ContinueAsNew(input);
            return input.State.ToString();
        }
        if (round.AllReplied)
            return (await CloseAsync(context, id, "all-replied", "LiaisonFlow", "every group addressed for action or comment has replied.")).ToString();

        context.SetCustomStatus(new WorkflowStatus(input.State.ToString(), WaitingFor(input.State), null, round.NextWakeUtc));
        var command = context.WaitForExternalEvent<LiaisonCommand>(CommandEvent);
        var changed = context.WaitForExternalEvent<string>(RepliesChangedEvent);
        using var timerCancel = new CancellationTokenSource();
        var waits = new List<Task> { command, changed };
        if (round.NextWakeUtc is { } wake) waits.Add(context.CreateTimer(wake, timerCancel.Token));

        var first = await Task.WhenAny(waits);
        if (first == command || first == changed) timerCancel.Cancel();
        if (first == command) return Continue(context, input, await ApplyAsync(context, input, await command));

        // A timer or a change: the next run works out afresh what is due.
        context.ContinueAsNew(input);
        return input.State.ToString();
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
        if (next == LiaisonState.Closed)
            return await CloseAsync(context, id, command.Id, command.Actor, command.Reason ?? "closed by the secretariat.");

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
        return LiaisonState.AwaitingReplies;
    }

    static async Task<LiaisonState> CloseAsync(TaskOrchestrationContext context, string id, string key, string actor, string reason)
    {
        await context.CallActivityAsync<bool>(ActivityNames.Close, new CloseRequest(id, context.CurrentUtcDateTime, key, actor, reason), Retry);
        return LiaisonState.Closed;
    }
}
