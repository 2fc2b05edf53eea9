using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Dashboard;

/// <summary>One group's reply deadlines as an iCalendar feed that calendar apps subscribe to.</summary>
public static class OutstandingCalendar
{
    public static string Uid(string liaisonId, string groupId) => $"{liaisonId}/{groupId}@liaisonflow";

    /// <param name="liaisonUrl">Where a person reads the LS, from its id.</param>
    /// <param name="stamp">When the feed was made (DTSTAMP), real UTC time.</param>
    public static string Write(OutstandingReport report, Group group, Func<string, string> liaisonUrl, DateTimeOffset stamp)
    {
        var calendar = new Calendar { ProductId = "-//LiaisonFlow//Outstanding replies//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", $"LiaisonFlow: {group.Name}");
        // Rows without a dated deadline ("as soon as possible") have no day to put them on.
        foreach (var r in report.Rows.Where(r => r.Group == group.Id && r.DeadlineDate is not null))
        {
            var day = r.DeadlineDate!.Value;
            calendar.Events.Add(new CalendarEvent
            {
                // Stable per LS and group, so a re-fetched feed updates the event instead of adding a copy.
                Uid = Uid(r.LiaisonId, r.Group),
                Summary = $"Reply due: {r.Number ?? r.LiaisonId} {r.Title}",
                Description = $"{r.Purpose} by {group.Name}. Deadline: {r.DeadlineText}.\n{liaisonUrl(r.LiaisonId)}",
                Url = new Uri(liaisonUrl(r.LiaisonId)),
                // DATE values make an all-day event; DTEND is exclusive (the next day).
                DtStart = new CalDateTime(day),
                DtEnd = new CalDateTime(day.AddDays(1)),
                DtStamp = new CalDateTime(stamp.UtcDateTime, "UTC", hasTime: true),
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
