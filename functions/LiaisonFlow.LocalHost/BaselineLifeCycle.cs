using Microsoft.DurableTask;

namespace LiaisonFlow.LocalHost;

/// <summary>
/// How many of each engine operation one LS life cycle costs: executions (the first and each
/// ContinueAsNew), activities, external events and durable timers. The life-cycle benchmark measures
/// it from the engine's own events during its LiaisonFlow run and gives it to <see cref="BaselineLifeCycle"/>.
/// </summary>
public sealed record BaselineShape(int Generations, int Activities, int Events, int Timers);

/// <summary>Where a <see cref="BaselineLifeCycle"/> is: what it has done in its earlier generations.</summary>
public sealed record BaselineProgress(BaselineShape Shape, int Generation = 1, int ActivitiesDone = 0, int EventsDone = 0, int TimersDone = 0);

/// <summary>
/// The bare-engine baseline of the life-cycle benchmark: an orchestration with a LiaisonFlow life
/// cycle's shape and none of its work, run on the same sidecar, provider and Azurite, so the benchmark
/// can say how much of a life cycle's cost is the engine's. Registered only with
/// <c>LocalHost:EngineBaseline=true</c>; the benchmark drives it over the sidecar's gRPC port.
/// Each generation runs its share of the activities, then (but the last) waits the way
/// <c>LiaisonOrchestrator</c> sleeps — an external event racing a durable timer far ahead, the timer
/// cancelled when the event wins — and continues as new. Its custom status is the number of events
/// consumed so far, which the benchmark waits on as it waits on an LS's state.
/// </summary>
public sealed class BaselineLifeCycle : TaskOrchestrator<BaselineProgress, int>
{
    public const string Name = "BaselineLifeCycle";
    public const string NudgeEvent = "BaselineNudge";

    public override async Task<int> RunAsync(TaskOrchestrationContext context, BaselineProgress progress)
    {
        var shape = progress.Shape;
        var generationsLeft = shape.Generations - progress.Generation + 1;
        var activities = Share(shape.Activities - progress.ActivitiesDone, generationsLeft);
        for (var i = 0; i < activities; i++) await context.CallActivityAsync<int>(BaselineStep.Name, progress.Generation);
        context.SetCustomStatus(progress.EventsDone);
        if (generationsLeft <= 1) return progress.EventsDone;

        // The waits left, this one included, and what this one takes: the timers go to the last waits,
        // as LiaisonFlow's first wait (a draft) has none and its later ones (a chair reminder, chasers) do.
        var waitsLeft = generationsLeft - 1;
        var timersLeft = shape.Timers - progress.TimersDone;
        var withTimer = timersLeft > 0 && timersLeft >= waitsLeft;
        var events = Share(shape.Events - progress.EventsDone, waitsLeft);
        var timers = 0;
        for (var e = 0; e < events; e++)
        {
            if (e > 0) context.SetCustomStatus(progress.EventsDone + e);
            var nudge = context.WaitForExternalEvent<string>(NudgeEvent);
            if (withTimer && e == 0)
            {
                using var cancel = new CancellationTokenSource();
                var timer = context.CreateTimer(context.CurrentUtcDateTime.AddDays(1), cancel.Token);
                timers++;
                if (await Task.WhenAny(nudge, timer) == nudge) cancel.Cancel();
                else await nudge;
            }
            else
            {
                await nudge;
            }
        }
        if (events == 0 && withTimer)
        {
            await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
            timers++;
        }
        context.ContinueAsNew(progress with
        {
            Generation = progress.Generation + 1,
            ActivitiesDone = progress.ActivitiesDone + activities,
            EventsDone = progress.EventsDone + events,
            TimersDone = progress.TimersDone + timers,
        });
        return progress.EventsDone + events;
    }

    /// <summary>An even share of what is left over the parts left, the earlier parts taking the remainder.</summary>
    static int Share(int left, int parts) => parts <= 0 || left <= 0 ? 0 : (left + parts - 1) / parts;
}

/// <summary>The baseline's activity: does nothing, so what it costs is the engine's scheduling alone.</summary>
public sealed class BaselineStep : TaskActivity<int, int>
{
    public const string Name = "BaselineStep";

    public override Task<int> RunAsync(TaskActivityContext context, int generation) => Task.FromResult(generation);
}
