namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>A clock the test sets or moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    DateTimeOffset now = now;

    public void Set(DateTimeOffset at) => now = at;

    public void Advance(TimeSpan by) => now += by;

    public override DateTimeOffset GetUtcNow() => now;
}
