namespace LiaisonFlow.LifeCycleBenchmark;

/// <summary>What one run measured: its wall time, each life cycle's two latencies, and the CPU the stack's processes used.</summary>
sealed record RunFigures(
    string Name,
    int Count,
    TimeSpan Elapsed,
    IReadOnlyList<TimeSpan> ToAwaitingReplies,
    IReadOnlyList<TimeSpan> ToClosed,
    StackCpu Cpu,
    IReadOnlyList<string> Stuck)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    /// <summary>The value below which <paramref name="percent"/> % of the latencies lie (nearest rank).</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> values, double percent)
    {
        if (values.Count == 0) return TimeSpan.Zero;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>One life cycle's two moments on the run's clock, measured from its start; null when it never got there.</summary>
readonly record struct LifeCycleTimes(string Id, TimeSpan? ToAwaitingReplies, TimeSpan? ToClosed, string? Failure);
