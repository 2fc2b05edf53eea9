using LiaisonFlow.Domain;
using LiaisonFlow.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

/// <summary>
/// How the orchestrator sleeps between steps, on a context that plays the engine's part by script: the Azure Storage
/// provider delays a timer's message by whole seconds, cut down, so a timer can fire up to a second before its time.
/// </summary>
public sealed class OrchestratorSleepTests
{
    static readonly DateTime Start = new(2026, 11, 29, 18, 0, 0, DateTimeKind.Utc);
    static readonly DateTime Wake = Start.AddSeconds(14.6);

    [Fact]
    public async Task A_timer_that_fires_early_is_slept_out_on_a_second_timer_a_second_late_before_the_step_runs_again()
    {
        var context = new ScriptedContext(Start, new AdvanceResult(LiaisonState.AwaitingReplies, false, Wake, null))
        {
            FiredAt = [Wake.AddSeconds(-0.6), Wake.AddSeconds(1)],
        };

        await new LiaisonOrchestrator().RunAsync(context, new LiaisonWorkflowInput("ls"));

        Assert.Equal([Wake, Wake.AddSeconds(1)], context.Timers);
        Assert.Equal(1, context.Steps); // not run again on the early fire, only by the next execution
        Assert.Equal(1, context.Nudges);  // one wait for a nudge through both timers: none left to swallow one
        Assert.NotNull(context.ContinuedAs);
    }

    [Fact]
    public async Task A_timer_that_fires_on_time_is_the_only_timer()
    {
        var context = new ScriptedContext(Start, new AdvanceResult(LiaisonState.AwaitingReplies, false, Wake, null)) { FiredAt = [Wake.AddSeconds(0.05)] };

        await new LiaisonOrchestrator().RunAsync(context, new LiaisonWorkflowInput("ls"));

        Assert.Equal([Wake], context.Timers);
        Assert.NotNull(context.ContinuedAs);
    }

    [Fact]
    public async Task A_nudge_before_the_wake_cancels_the_timer()
    {
        var context = new ScriptedContext(Start, new AdvanceResult(LiaisonState.AwaitingReplies, false, Wake, null)) { NudgedFirst = true };

        await new LiaisonOrchestrator().RunAsync(context, new LiaisonWorkflowInput("ls"));

        Assert.Equal([Wake], context.Timers);
        Assert.True(Assert.Single(context.TimerTokens).IsCancellationRequested);
        Assert.NotNull(context.ContinuedAs);
    }

    /// <summary>The engine by script: each step answers <paramref name="step"/>; timers fire at <see cref="FiredAt"/> in turn, unless nudged first.</summary>
    sealed class ScriptedContext(DateTime start, AdvanceResult step) : TaskOrchestrationContext
    {
        DateTime now = start;

        public IReadOnlyList<DateTime> FiredAt { get; init; } = [];

        public bool NudgedFirst { get; init; }

        public List<DateTime> Timers { get; } = [];

        public List<CancellationToken> TimerTokens { get; } = [];

        public int Steps { get; private set; }

        public int Nudges { get; private set; }

        public object? ContinuedAs { get; private set; }

        public override TaskName Name => LiaisonOrchestrator.Name;

        public override string InstanceId => "ls";

        public override ParentOrchestrationInstance? Parent => null;

        public override DateTime CurrentUtcDateTime => now;

        public override bool IsReplaying => false;

        public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

        protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public override T GetInput<T>() => throw new NotSupportedException();

        public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
        {
            Steps++;
            return Task.FromResult((TResult)(object)step);
        }

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
        {
            Timers.Add(fireAt);
            TimerTokens.Add(cancellationToken);
            if (NudgedFirst) return new TaskCompletionSource().Task;
            now = FiredAt[Timers.Count - 1];
            return Task.CompletedTask;
        }

        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
        {
            Nudges++;
            return NudgedFirst ? Task.FromResult(default(T)!) : new TaskCompletionSource<T>().Task;
        }

        public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

        public override void SetCustomStatus(object? customStatus)
        {
        }

        public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
            throw new NotSupportedException();

        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => ContinuedAs = newInput;

        public override Guid NewGuid() => Guid.NewGuid();
    }
}
