using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Workflow;

/// <summary>
/// Converts between real time (timers, the host's clock) and calendar time (deadlines, chaser
/// offsets, "days left"). The identity unless a compressed test clock is configured.
/// </summary>
public sealed class CalendarClock(IOptions<LiaisonFlowOptions> options, TimeProvider time)
{
    ClockOptions Clock => options.Value.Chasers.Clock;
    bool IsReal => Clock.CalendarStart is null || Clock.RealStart is null;
    double Speed => 86400 / Clock.SecondsPerDay; // calendar seconds per real second

    public DateTimeOffset Now => ToCalendar(time.GetUtcNow());

    /// <summary>Today on the calendar, in Geneva (where the deadlines are).</summary>
    public DateOnly Today => DateOf(time.GetUtcNow());

    /// <summary>The Geneva calendar date at a real instant.</summary>
    public DateOnly DateOf(DateTimeOffset real) => Geneva.DateOf(ToCalendar(real));

    public DateTimeOffset ToCalendar(DateTimeOffset real) =>
        IsReal ? real : Clock.CalendarStart!.Value + TimeSpan.FromSeconds((real - Clock.RealStart!.Value).TotalSeconds * Speed);

    public DateTimeOffset ToReal(DateTimeOffset calendar) =>
        IsReal ? calendar : Clock.RealStart!.Value + TimeSpan.FromSeconds((calendar - Clock.CalendarStart!.Value).TotalSeconds / Speed);
}
