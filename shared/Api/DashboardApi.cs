using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>The TSB's view of outstanding replies, read from the Outstanding index.</summary>
public sealed class DashboardApi(Access access, OutstandingReader reader, GroupStore groups, CalendarClock calendar)
{
    public async Task<IResult> OutstandingAsync(HttpContext http)
    {
        var (report, _, problem) = await ReportAsync(http);
        return problem ?? Results.Json(report, ApiJson.Options);
    }

    /// <summary>
    /// The outstanding-replies report the query string asks for, or the 401/403/400 to answer instead.
    /// A group named in the route (<paramref name="routeGroup"/>, the calendar's) replaces the query's
    /// group and is returned too; unknown, it is a 404.
    /// </summary>
    internal async Task<(OutstandingReport? Report, Group? Group, IResult? Problem)> ReportAsync(HttpContext http, string? routeGroup = null)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return (null, null, denied);
        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        Group? named = null;
        if (routeGroup is not null && (named = directory.Find(Uri.UnescapeDataString(routeGroup))) is null)
            return (null, null, Problems.NotFound($"No group \"{routeGroup}\"."));
        var (filter, problem) = OutstandingFilterReader.Read(http.Request.Query, directory, calendar.Today);
        if (problem is not null) return (null, null, problem);
        if (named is not null) filter = filter! with { GroupId = named.Id };
        return (await reader.ReadAsync(filter!, directory, calendar.Today, http.RequestAborted), named, null);
    }
}
