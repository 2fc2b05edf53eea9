using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Http;

/// <summary>The dashboard's queries. Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class DashboardHttpFunctions(DashboardApi api, DashboardPageApi page)
{
    /// <summary>The dashboard page; with the "api" route prefix it is at /api/dashboard.</summary>
    [Function(nameof(DashboardPage))]
    public IResult DashboardPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest req) =>
        page.Get(req.HttpContext);

    [Function(nameof(Outstanding))]
    public Task<IResult> Outstanding(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/outstanding")] HttpRequest req) =>
        api.OutstandingAsync(req.HttpContext);
}
