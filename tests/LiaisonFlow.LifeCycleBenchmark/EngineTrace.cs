using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using LiaisonFlow.LocalHost;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace LiaisonFlow.LifeCycleBenchmark;

/// <summary>
/// What the engine itself did for each orchestration, read from the local host over EventPipe: the
/// storage provider's EventSource ("DurableTask-AzureStorage") reports every queue message it sends
/// (SendingMessage: the activities it schedules, the external events raised to an instance, the timers
/// it sets) and every batch of history it appends (AppendedInstanceHistory: an ExecutionStarted for the
/// first execution and for each ContinueAsNew). Why not read the History table after the run: the
/// provider keeps only the latest execution's rows there, and an event consumed in the episode that
/// continues as new is never written to history at all; the messages and the appends see everything.
/// </summary>
sealed class EngineTrace : IAsyncDisposable
{
    const string Provider = "DurableTask-AzureStorage";
    readonly EventPipeSession session;
    readonly EventPipeEventSource source;
    readonly Task processing;
    readonly ConcurrentDictionary<(string Instance, string What), int> counts = new();
    bool stopped;

    EngineTrace(EventPipeSession session)
    {
        this.session = session;
        source = new EventPipeEventSource(session.EventStream);
        source.Dynamic.All += OnEvent;
        processing = Task.Run(() => source.Process());
    }

    public static EngineTrace Start(int processId) =>
        new(new DiagnosticsClient(processId).StartEventPipeSession([new EventPipeProvider(Provider, EventLevel.Informational)], requestRundown: false));

    void OnEvent(TraceEvent e)
    {
        if (e.ProviderName != Provider) return;
        // EventPipe names an event with its opcode ("SendingMessage/Transfer").
        var name = e.EventName.Split('/')[0];
        if (name == "AppendedInstanceHistory" && Text(e, "InstanceId") is { } instance)
        {
            foreach (var type in (Text(e, "NewEvents") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (type == "ExecutionStarted") Add(instance, "execution");
        }
        else if (name == "SendingMessage" && Text(e, "EventType") is { } type)
        {
            // An activity is sent for its orchestration; an event or a timer to its target.
            var owner = type == "TaskScheduled" ? Text(e, "InstanceId") : Text(e, "TargetInstanceId") ?? Text(e, "InstanceId");
            if (owner is { Length: > 0 }) Add(owner, "message " + type);
        }
    }

    static string? Text(TraceEvent e, string payload) =>
        Array.IndexOf(e.PayloadNames, payload) >= 0 ? Convert.ToString(e.PayloadByName(payload), CultureInfo.InvariantCulture) : null;

    void Add(string instance, string what) => counts.AddOrUpdate((instance, what), 1, (_, n) => n + 1);

    public sealed record Instance(string Id, BaselineShape Shape);

    /// <summary>Stops the session (its last events are delivered first) and gives each instance's shape.</summary>
    public async Task<IReadOnlyList<Instance>> StopAsync(Func<string, bool> include)
    {
        await StopSessionAsync();
        return [.. counts.Keys.Select(k => k.Instance).Distinct().Where(include).Order(StringComparer.Ordinal).Select(id => new Instance(id, new BaselineShape(
            counts.GetValueOrDefault((id, "execution")), counts.GetValueOrDefault((id, "message TaskScheduled")),
            counts.GetValueOrDefault((id, "message EventRaised")), counts.GetValueOrDefault((id, "message TimerFired")))))];
    }

    async Task StopSessionAsync()
    {
        if (stopped) return;
        stopped = true;
        await session.StopAsync(CancellationToken.None);
        await processing;
    }

    /// <summary>One life cycle's shape: each count's mean over the instances, rounded (what the baseline is given to copy).</summary>
    public static BaselineShape Mean(IReadOnlyList<Instance> instances)
    {
        int Round(Func<BaselineShape, int> count) => (int)Math.Round(instances.Average(i => count(i.Shape)), MidpointRounding.AwayFromZero);
        return new BaselineShape(Round(s => s.Generations), Round(s => s.Activities), Round(s => s.Events), Round(s => s.Timers));
    }

    public static string Describe(IReadOnlyList<Instance> instances)
    {
        string Mean(Func<BaselineShape, int> count) => instances.Average(i => count(i.Shape)).ToString("0.##", CultureInfo.InvariantCulture);
        string Range(Func<BaselineShape, int> count) => instances.Min(i => count(i.Shape)) == instances.Max(i => count(i.Shape))
            ? "" : $" ({instances.Min(i => count(i.Shape))}-{instances.Max(i => count(i.Shape))})";
        return $"{Mean(s => s.Generations)}{Range(s => s.Generations)} executions (the first and each ContinueAsNew), {Mean(s => s.Activities)}{Range(s => s.Activities)} activities, " +
            $"{Mean(s => s.Events)}{Range(s => s.Events)} external events, {Mean(s => s.Timers)}{Range(s => s.Timers)} durable timers";
    }

    public static string Describe(BaselineShape s) =>
        $"{s.Generations} executions, {s.Activities} activities, {s.Events} external events, {s.Timers} durable timers";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopSessionAsync();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException)
        {
            // The host is already gone: nothing more to read.
        }
        source.Dispose();
        session.Dispose();
    }
}
