using LiaisonFlow.Hosting;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Api;

/// <summary>The secretariat's after-incident tools: the store's consistency report, and its repair; and the storage request counts.</summary>
public sealed class AdminApi(Access access, ConsistencyCheck check, StorageRequestCounter counter, IOptions<LiaisonFlowOptions> options)
{
    /// <summary>The app's own storage requests since the host started, by service, table or container and operation (only when counting is on).</summary>
    public IResult StorageRequests(HttpContext http)
    {
        if (access.Require(http, out _, Role.Secretariat) is { } denied) return denied;
        if (!options.Value.CountStorageRequests)
            return Problems.NotFound("Storage requests are not counted here: set LiaisonFlow:CountStorageRequests to true (the benchmark does).");
        var counts = counter.Snapshot();
        return Results.Json(new { counts.Requests, counts.EntitiesRead, counts.EntitiesWritten, counts.Operations }, ApiJson.Options);
    }

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
