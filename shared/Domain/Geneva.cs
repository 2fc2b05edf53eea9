namespace LiaisonFlow.Domain;

/// <summary>The ITU calendar: deadlines, "today" and the days an LS was endorsed or sent are Geneva dates.</summary>
public static class Geneva
{
    public const string TimeZoneId = "Europe/Zurich";

    static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The Geneva date at an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Local midnight at the start of a Geneva date, as a UTC instant.</summary>
    public static DateTimeOffset StartOf(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);
}
