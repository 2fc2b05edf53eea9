using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;

namespace LiaisonFlow.LocalHost;

/// <summary>
/// The orchestration service as the gRPC sidecar sees it, letting one activity per (instance, task id)
/// run at a time. Why: the sidecar matches an activity's answer to its caller by instance id and task
/// id only, and task ids start again at 0 in every execution of a continued-as-new orchestration. After
/// a crash the queue hands out an old execution's activity again (at-least-once) while the new
/// execution's first activity is running; both have the key "LS id, 0", the sidecar keeps one waiter,
/// and the other activity's answer is refused ("Activity not found") — its orchestration then waits
/// for it for ever. A second activity with a key already running goes back to the queue (the storage
/// provider's abandon backs it off for a few seconds) and runs once the first is done.
/// </summary>
sealed class OneActivityPerTaskKey(IOrchestrationService inner) : IOrchestrationService
{
    readonly ConcurrentDictionary<string, byte> running = new(StringComparer.Ordinal);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            var item = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
            if (item is null || running.TryAdd(Key(item), 0)) return item!;
            await inner.AbandonTaskActivityWorkItemAsync(item);
        }
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        }
        finally
        {
            running.TryRemove(Key(workItem), out _);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
        finally
        {
            running.TryRemove(Key(workItem), out _);
        }
    }

    static string Key(TaskActivityWorkItem item) =>
        $"{item.TaskMessage.OrchestrationInstance.InstanceId}\n{((TaskScheduledEvent)item.TaskMessage.Event).EventId}";

    // Everything else is the storage provider's own.
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;
    public Task StartAsync() => inner.StartAsync();
    public Task StopAsync() => inner.StopAsync();
    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);
    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
}
