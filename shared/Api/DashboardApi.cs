using LiaisonFlow.Dashboard;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>The TSB's view of outstanding replies, read from the Outstanding index.</summary>
public sealed class DashboardApi(Access access, OutstandingIndex index, GroupStore groups, CalendarClock calendar)
{

    public async Task<IResult> OutstandingAsync(HttpContext http)
    {
        var (report, problem) = await ReportAsync(http);
        return problem ?? Results.Json(report, ApiJson.Options);
    }

    /// <summary>The outstanding-replies report the query string asks for, or the 401/403/400 to answer instead.</summary>
    internal async Task<(OutstandingReport? Report, IResult? Problem)> ReportAsync(HttpContext http)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return (null, denied);
        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        var (filter, problem) = OutstandingFilterReader.Read(http.Request.Query, directory, calendar.Today);
        if (problem is not null) return (null, problem);
        var rows = await index.QueryAsync(new OutstandingQuery(filter!.GroupId, filter.DueBefore), http.RequestAborted);
        return (OutstandingReport.From(rows, filter, directory), null);
    }
}
