using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.LifeCycleBenchmark;

/// <summary>
/// Waits for orchestrations to reach a point (a custom status, completion) by listing the task hub's
/// instances from the engine, for both runs alike: one query for all the waiters, so watching a
/// thousand instances does not cost a thousand polls, and none of it reaches the app's storage (its
/// request count stays the life cycles' own).
/// </summary>
sealed class InstanceWatcher(DurableTaskClient client, Stopwatch clock, TimeSpan interval) : IAsyncDisposable
{
    /// <summary>Four times a second for up to 100 instances, less often for more, so the listing stays a small part of Azurite's work.</summary>
    public static TimeSpan IntervalFor(int instances) => TimeSpan.FromMilliseconds(Math.Clamp(instances * 2.5, 250, 2000));

    readonly ConcurrentDictionary<Guid, Waiter> waiters = new();
    readonly CancellationTokenSource stopping = new();
    Task? loop;

    sealed record Waiter(string InstanceId, Func<OrchestrationMetadata, bool> Reached, TaskCompletionSource<TimeSpan> Done);

    /// <summary>The time on the run's clock when the instance is first seen at the point.</summary>
    public Task<TimeSpan> WaitAsync(string instanceId, Func<OrchestrationMetadata, bool> reached)
    {
        var waiter = new Waiter(instanceId, reached, new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously));
        waiters[Guid.NewGuid()] = waiter;
        loop ??= Task.Run(PollAsync);
        return waiter.Done.Task;
    }

    /// <summary>Ends every wait still open: what is not there by now is stuck.</summary>
    public void GiveUp()
    {
        foreach (var (key, waiter) in waiters)
            if (waiters.TryRemove(key, out _)) waiter.Done.TrySetException(new TimeoutException($"{waiter.InstanceId} did not get there in time."));
    }

    async Task PollAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            if (!waiters.IsEmpty)
            {
                try
                {
                    await CheckAsync();
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                    // Disposed while a listing was in flight (the gRPC call is cancelled): the waits are over.
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Console.Error.WriteLine($"  (listing instances failed, trying again: {e.Message})");
                }
            }
            try
            {
                await Task.Delay(interval, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    async Task CheckAsync()
    {
        var byInstance = waiters.ToLookup(w => w.Value.InstanceId, StringComparer.Ordinal);
        var query = new OrchestrationQuery { FetchInputsAndOutputs = true, PageSize = 1000 };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(stopping.Token))
        {
            foreach (var (key, waiter) in byInstance[instance.InstanceId])
                if (waiter.Reached(instance) && waiters.TryRemove(key, out _)) waiter.Done.TrySetResult(clock.Elapsed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null) await loop;
        stopping.Dispose();
    }
}
