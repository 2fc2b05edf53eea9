using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>The consistency report and its repair, and the storage request counts. Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class AdminHttpFunctions(AdminApi api)
{
    [Function(nameof(Consistency))]
    public Task<IResult> Consistency(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/consistency")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ConsistencyAsync(req.HttpContext, client);

    [Function(nameof(RepairConsistency))]
    public Task<IResult> RepairConsistency(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/consistency/repair")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.RepairAsync(req.HttpContext, client);

    [Function(nameof(StorageRequests))]
    public IResult StorageRequests(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/storage-requests")] HttpRequest req) =>
        api.StorageRequests(req.HttpContext);
}
