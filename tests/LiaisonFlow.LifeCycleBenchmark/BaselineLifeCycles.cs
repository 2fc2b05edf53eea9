using System.Diagnostics;
using LiaisonFlow.LocalHost;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.LifeCycleBenchmark;

/// <summary>
/// Run (b): N bare orchestrations of the measured shape (<see cref="BaselineLifeCycle"/>) at once,
/// driven over the sidecar's gRPC port as run (a)'s commands drive an LS: started as the create starts
/// one, then nudged with the measured number of external events (submit, endorse, the replies), each
/// raised once the one before it was taken (see below), and waited for to the end. Its AwaitingReplies
/// is the moment the first two events (submit and endorse) were taken and the execution after them
/// (the dispatch's) is done.
/// </summary>
sealed class BaselineLifeCycles(DurableTaskClient durable, int clientConcurrency)
{
    /// <summary>Submit and endorse: the events before the wait for AwaitingReplies.</summary>
    const int EventsBeforeReplies = 2;

    readonly SemaphoreSlim slots = new(clientConcurrency);

    public static string IdOf(int i) => $"baseline{i:D5}";

    static string WarmUpIdOf(int i) => $"warmup-baseline{i:D5}";

    /// <summary>Runs <paramref name="count"/> bare life cycles, the i-th of the i-th shape (round the list).</summary>
    public Task<IReadOnlyList<LifeCycleTimes>> RunAsync(int count, IReadOnlyList<BaselineShape> shapes, Stopwatch clock, TimeSpan timeout) =>
        RunAsync(count, IdOf, shapes, clock, timeout);

    /// <summary>Bare life cycles run before the measured ones and not counted, as run (a) warms up.</summary>
    public Task<IReadOnlyList<LifeCycleTimes>> WarmUpAsync(int count, IReadOnlyList<BaselineShape> shapes, TimeSpan timeout) =>
        RunAsync(count, WarmUpIdOf, shapes, Stopwatch.StartNew(), timeout);

    async Task<IReadOnlyList<LifeCycleTimes>> RunAsync(int count, Func<int, string> idOf, IReadOnlyList<BaselineShape> shapes, Stopwatch clock, TimeSpan timeout)
    {
        await using var watcher = new InstanceWatcher(durable, clock, InstanceWatcher.IntervalFor(count));
        var runs = Enumerable.Range(1, count).Select(i => LifeCycleAsync(idOf(i), shapes[(i - 1) % shapes.Count], watcher, clock)).ToList();
        var all = Task.WhenAll(runs);
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all) watcher.GiveUp();
        return await all;
    }

    async Task<LifeCycleTimes> LifeCycleAsync(string id, BaselineShape shape, InstanceWatcher watcher, Stopwatch clock)
    {
        TimeSpan? awaitingReplies = null;
        try
        {
            var start = clock.Elapsed;
            var first = Math.Min(EventsBeforeReplies, shape.Events);
            await CallAsync(() => durable.ScheduleNewOrchestrationInstanceAsync(BaselineLifeCycle.Name, new BaselineProgress(shape), new StartOrchestrationOptions(id)));
            for (var e = 1; e <= shape.Events; e++)
            {
                // The next event only once the last one was taken: this engine drops an event still
                // buffered when an execution continues as new, and the baseline counts its events. The
                // first only once the instance runs (its status says 0 taken): an event raised at once
                // after the start was lost now and then, leaving the instance waiting for good, where
                // LiaisonFlow's recovery sweep nudges again.
                var taken = e - 1;
                await watcher.WaitAsync(id, o => EventsConsumed(o) >= taken);
                await CallAsync(() => durable.RaiseEventAsync(id, BaselineLifeCycle.NudgeEvent, "changed"));
                if (e == first) awaitingReplies = await watcher.WaitAsync(id, o => EventsConsumed(o) >= first || o.RuntimeStatus == OrchestrationRuntimeStatus.Completed) - start;
            }
            var done = await watcher.WaitAsync(id, o => o.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated) - start;
            return new LifeCycleTimes(id, awaitingReplies, done, null);
        }
        catch (Exception e)
        {
            return new LifeCycleTimes(id, awaitingReplies, null, e.Message);
        }
    }

    static int EventsConsumed(OrchestrationMetadata o) =>
        int.TryParse(o.SerializedCustomStatus, out var consumed) ? consumed : -1;

    async Task CallAsync(Func<Task> call)
    {
        await slots.WaitAsync();
        try
        {
            await call();
        }
        finally
        {
            slots.Release();
        }
    }
}
