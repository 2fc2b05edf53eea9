using LiaisonFlow.Domain;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Dashboard;

/// <summary>Filters of the outstanding-replies view; null means "any".</summary>
public sealed record OutstandingFilter(
    DateOnly AsOf,
    string? GroupId = null,
    string? MeetingId = null,
    Purpose? Purpose = null,
    bool OverdueOnly = false,
    DateOnly? DueBefore = null);

public sealed record OutstandingRow(
    string LiaisonId, string? Number, string Title, string MeetingId, string Group, string? GroupName, Purpose Purpose,
    string DeadlineText, DateOnly? DeadlineDate, int? DaysLeft, bool Overdue, DateTimeOffset? LastChaserAt, string ReplyStatus);

public sealed record GroupTotal(string Group, string? GroupName, int Outstanding, int Overdue);

public sealed record LiaisonTotal(string LiaisonId, string? Number, string Title, int Outstanding, int Overdue);

public sealed record OutstandingSummary(int OpenLiaisons, int Outstanding, int Overdue, int DueIn14Days);

public sealed record OutstandingReport(DateOnly AsOf, OutstandingSummary Summary, IReadOnlyList<OutstandingRow> Rows,
    IReadOnlyList<GroupTotal> ByGroup, IReadOnlyList<LiaisonTotal> ByLiaison)
{
    /// <summary>
    /// What our own groups owe: incoming LSs that ask us for action or comment, not yet answered, noted or
    /// closed, by the same filters, sorted by deadline. <see cref="Rows"/> and the totals are what is owed to us.
    /// </summary>
    public IReadOnlyList<OutstandingRow> WeOwe { get; init; } = [];

    /// <summary>
    /// What was owed on <see cref="OutstandingFilter.AsOf"/>: sent by then, not replied by then, not
    /// closed by hand by then. Overdue means the deadline day ended before that day.
    /// </summary>
    public static OutstandingReport From(IEnumerable<OutstandingEntity> index, OutstandingFilter filter, GroupDirectory directory)
    {
        var asOf = filter.AsOf;
        var entries = index.ToList();
        var rows = Owed(entries.Where(e => e.Direction is null), filter, directory);
        var weOwe = Owed(entries.Where(e => e.Direction == nameof(Direction.Incoming)), filter, directory);

        var byGroup = rows.GroupBy(r => r.Group)
            .Select(g => new GroupTotal(g.Key, g.First().GroupName, g.Count(), g.Count(r => r.Overdue)))
            .OrderByDescending(g => g.Outstanding).ThenBy(g => g.Group, StringComparer.Ordinal).ToList();
        var byLiaison = rows.GroupBy(r => r.LiaisonId)
            .Select(g => new LiaisonTotal(g.Key, g.First().Number, g.First().Title, g.Count(), g.Count(r => r.Overdue)))
            .OrderBy(l => l.Number ?? l.LiaisonId, StringComparer.Ordinal).ToList();
        var summary = new OutstandingSummary(byLiaison.Count, rows.Count, rows.Count(r => r.Overdue),
            rows.Count(r => r.DeadlineDate is { } d && d >= asOf && d.DayNumber - asOf.DayNumber <= 14));
        return new OutstandingReport(asOf, summary, rows, byGroup, byLiaison) { WeOwe = weOwe };
    }

    /// <summary>The replies of <paramref name="index"/> owed on the filter's day and matching it, by deadline.</summary>
    static List<OutstandingRow> Owed(IEnumerable<OutstandingEntity> index, OutstandingFilter filter, GroupDirectory directory)
    {
        var asOf = filter.AsOf;
        static DateOnly? Day(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return index
            .Where(e => Day(e.SentOn) is { } sent && sent <= asOf)
            .Where(e => Day(e.RepliedOn) is not { } replied || replied > asOf)
            .Where(e => Day(e.EndedOn) is not { } ended || ended > asOf)
            .Where(e => filter.GroupId is null || e.GroupId == filter.GroupId)
            .Where(e => filter.MeetingId is null || e.MeetingId == filter.MeetingId)
            .Where(e => filter.Purpose is null || e.Purpose == filter.Purpose.ToString())
            .DistinctBy(e => (e.LiaisonId, e.GroupId))
            .Select(e =>
            {
                var deadline = Day(e.DeadlineDate);
                return new OutstandingRow(e.LiaisonId, e.Number, e.Title, e.MeetingId, e.GroupId, directory.Find(e.GroupId)?.Name,
                    Enum.Parse<Purpose>(e.Purpose), e.DeadlineRaw, deadline, deadline is { } d ? d.DayNumber - asOf.DayNumber : null,
                    deadline is { } due && due < asOf, e.LastChaserAt is { } c && DateOnly.FromDateTime(c.UtcDateTime) <= asOf ? c : null,
                    "Outstanding");
            })
            .Where(r => !filter.OverdueOnly || r.Overdue)
            .Where(r => filter.DueBefore is null || (r.DeadlineDate is { } d && d <= filter.DueBefore))
            .OrderBy(r => r.DeadlineDate ?? DateOnly.MaxValue).ThenBy(r => r.Number ?? r.LiaisonId, StringComparer.Ordinal).ThenBy(r => r.Group, StringComparer.Ordinal)
            .ToList();
    }
}
