using System.Globalization;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Api;

/// <summary>
/// The dashboard as files other tools open: outstanding replies as CSV, a group's deadlines as an
/// iCalendar feed, and LS events as an Atom feed. Same roles and filters as <see cref="DashboardApi"/>.
/// </summary>
public sealed class ExportApi(DashboardApi dashboard, Access access, FeedIndex feed, TimeProvider time, IOptions<LiaisonFlowOptions> options)
{
    string BaseUrl => options.Value.PublicBaseUrl.TrimEnd('/');

    string LiaisonUrl(string id) => $"{BaseUrl}/api/liaisons/{Uri.EscapeDataString(id)}";

    /// <summary>GET /api/dashboard/outstanding.csv: the rows of GET /api/dashboard/outstanding.</summary>
    public async Task<IResult> OutstandingCsvAsync(HttpContext http)
    {
        var (report, _, problem) = await dashboard.ReportAsync(http);
        if (problem is not null) return problem;
        var csv = OutstandingCsv.Write(report!);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"outstanding-{report!.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv\"";
        return Results.Bytes(csv, "text/csv; charset=utf-8");
    }

    /// <summary>GET /api/calendar/{group}.ics: what the group owes as of asOf (default today), one all-day event per deadline.</summary>
    public async Task<IResult> GroupCalendarAsync(HttpContext http, string group)
    {
        // Hosts that cannot route a literal suffix pass "sg17.ics" whole.
        var name = group.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ? group[..^4] : group;
        var (report, found, problem) = await dashboard.ReportAsync(http, name);
        if (problem is not null) return problem;
        var ics = OutstandingCalendar.Write(report!, found!, LiaisonUrl, time.GetUtcNow());
        return Results.Text(ics, "text/calendar; charset=utf-8");
    }

    /// <summary>GET /api/feed.atom: the latest LS events, optionally of one meeting, read from the Feed index.</summary>
    public async Task<IResult> FeedAsync(HttpContext http)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        var meeting = http.Request.Query["meeting"].ToString() is { Length: > 0 } m ? m : null;
        var events = await feed.LatestAsync(meeting, LiaisonEventFeed.MaxEntries, http.RequestAborted);
        var feedUrl = $"{BaseUrl}/api/feed.atom" + (meeting is null ? "" : $"?meeting={Uri.EscapeDataString(meeting)}");
        var feedId = "urn:liaisonflow:feed" + (meeting is null ? "" : $":meeting:{Uri.EscapeDataString(meeting)}");
        var atom = LiaisonEventFeed.Write(events, feedId, feedUrl, LiaisonUrl, time.GetUtcNow());
        return Results.Bytes(atom, "application/atom+xml; charset=utf-8");
    }
}
