using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Http;

/// <summary>The dashboard's exports (CSV, iCalendar, Atom). Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class ExportHttpFunctions(ExportApi api)
{
    [Function(nameof(OutstandingCsv))]
    public Task<IResult> OutstandingCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/outstanding.csv")] HttpRequest req) =>
        api.OutstandingCsvAsync(req.HttpContext);

    [Function(nameof(GroupCalendar))]
    public Task<IResult> GroupCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/{group}.ics")] HttpRequest req,
        string group) =>
        api.GroupCalendarAsync(req.HttpContext, group);

    [Function(nameof(EventFeed))]
    public Task<IResult> EventFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feed.atom")] HttpRequest req) =>
        api.FeedAsync(req.HttpContext);
}
