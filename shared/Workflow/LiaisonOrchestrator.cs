using LiaisonFlow.Domain;
using Microsoft.DurableTask;

namespace LiaisonFlow.Workflow;

/// <summary>
/// One orchestration per LS (instance id = LS id). It holds no state of its own: every execution asks
/// the step (<see cref="LiaisonSteps.AdvanceAsync"/>) to do what the stored LS owes — number and
/// dispatch it, remind the chair, chase, close, send queued mail — then sleeps until a nudge (the LS
/// changed) or the next thing falls due, and continues as new. Commands are stored by the API in the
/// LS itself before it answers, so a nudge carries nothing that could be lost: a nudge swallowed by a
/// wait the timer won, or dropped across ContinueAsNew, came after its change was stored, and the next
/// execution reads that change. A step that fails through its retries waits on a durable timer and
/// tries again; the orchestration never fails. Deterministic: time from the context, I/O in the step.
/// </summary>
public sealed class LiaisonOrchestrator : TaskOrchestrator<LiaisonWorkflowInput, string>
{
    public const string Name = "LiaisonWorkflow";

    /// <summary>"The LS changed: look again." Carries no data.</summary>
    public const string NudgeEvent = "LiaisonChanged";

    static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);
    static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(30);

    public override async Task<string> RunAsync(TaskOrchestrationContext context, LiaisonWorkflowInput input)
    {
        // A status from the first moment of each execution, not only once its step is done.
        if (input.LastState is { } last) context.SetCustomStatus(new WorkflowStatus(last.ToString(), WaitingFor(last), null, null, input.Failures));
        AdvanceResult result;
        try
        {
            result = await context.CallActivityAsync<AdvanceResult>(ActivityNames.Advance, new AdvanceRequest(input.LiaisonId, context.CurrentUtcDateTime), Retry);
        }
        catch (TaskFailedException)
        {
            // Storage or mail stayed down through every retry: wait, then try again from storage. Nothing
            // is lost meanwhile; every step is keyed and worked out afresh from the stored LS.
            var failures = input.Failures + 1;
            var wait = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 10)));
            context.SetCustomStatus(new WorkflowStatus("Unknown", "a retry after a failed step", null, context.CurrentUtcDateTime + wait, failures));
            await SleepAsync(context, context.CurrentUtcDateTime + wait);
            context.ContinueAsNew(input with { Failures = failures });
            return "Retrying";
        }

        context.SetCustomStatus(new WorkflowStatus(result.State.ToString(), WaitingFor(result.State), result.ChairReminderDueUtc, result.NextWakeUtc));
        if (result.Finished) return result.State.ToString();
        await SleepAsync(context, result.NextWakeUtc);
        context.ContinueAsNew(input with { Failures = 0, LastState = result.State });
        return result.State.ToString();
    }

    /// <summary>
    /// The Azure Storage provider delays a timer's queue message by whole seconds, cut down, so a timer fires up to a second
    /// before its time; the step would then find nothing due, ask for the same wake, and spin until the second passed.
    /// </summary>
    static readonly TimeSpan EarlyTimerMargin = TimeSpan.FromSeconds(1);

    /// <summary>Until a nudge arrives or <paramref name="wake"/> passes; the timer is cancelled when the nudge wins.</summary>
    static async Task SleepAsync(TaskOrchestrationContext context, DateTime? wake)
    {
        var nudge = context.WaitForExternalEvent<string>(NudgeEvent);
        if (wake is null)
        {
            await nudge;
            return;
        }
        if (await NudgedBeforeAsync(context, nudge, wake.Value)) return;
        // Fired early: sleep the rest, on the same nudge wait (a second wait would leave this one to swallow the nudge).
        if (context.CurrentUtcDateTime < wake.Value) await NudgedBeforeAsync(context, nudge, wake.Value + EarlyTimerMargin);
        // When the timer wins, the nudge wait is left behind on purpose: a nudge carries no data, and the
        // next execution reads everything from storage, where the change behind any nudge already is.
    }

    /// <summary>True when the nudge came before the timer fired; the timer is then cancelled.</summary>
    static async Task<bool> NudgedBeforeAsync(TaskOrchestrationContext context, Task nudge, DateTime fireAt)
    {
        using var timerCancel = new CancellationTokenSource();
        var timer = context.CreateTimer(fireAt, timerCancel.Token);
        if (await Task.WhenAny(nudge, timer) != nudge) return false;
        timerCancel.Cancel();
        return true;
    }

    static string WaitingFor(LiaisonState state) => state switch
    {
        LiaisonState.Draft => "submission by the rapporteur group",
        LiaisonState.AwaitingEndorsement => "the plenary's decision",
        LiaisonState.Held => "release by the chair",
        LiaisonState.Endorsed => "numbering and dispatch",
        LiaisonState.AwaitingReplies => "replies",
        LiaisonState.Dispatched => "nothing: sent for information only",
        LiaisonState.Received => "our answer (an incoming LS), or the plenary noting it",
        LiaisonState.Closed or LiaisonState.Rejected or LiaisonState.Withdrawn => "mail still to send",
        _ => "nothing",
    };
}
