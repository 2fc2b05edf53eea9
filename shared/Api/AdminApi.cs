using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Api;

/// <summary>The secretariat's after-incident tools: the store's consistency report, and its repair.</summary>
public sealed class AdminApi(Access access, ConsistencyCheck check)
{
    public async Task<IResult> ConsistencyAsync(HttpContext http, DurableTaskClient durable)
    {
        if (access.Require(http, out _, Role.Secretariat) is { } denied) return denied;
        return Results.Json(await check.RunAsync(durable, repair: false, http.RequestAborted), ApiJson.Options);
    }

    /// <summary>Rewrites the indexes that drifted and restarts orchestrations that should be running; answers the report it acted on.</summary>
    public async Task<IResult> RepairAsync(HttpContext http, DurableTaskClient durable)
    {
        if (access.Require(http, out _, Role.Secretariat) is { } denied) return denied;
        return Results.Json(await check.RunAsync(durable, repair: true, http.RequestAborted), ApiJson.Options);
    }
}
