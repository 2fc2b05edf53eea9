using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>
/// Liaison statements: create, list, read and workflow status. Routes mirror
/// <see cref="ApiEndpoints"/>; anonymous because the shared handlers enforce roles.
/// </summary>
public sealed class LiaisonHttpFunctions(LiaisonApi api)
{
    [Function(nameof(CreateLiaison))]
    public Task<IResult> CreateLiaison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "liaisons")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.CreateAsync(req.HttpContext, client);

    [Function(nameof(ListLiaisons))]
    public Task<IResult> ListLiaisons(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "liaisons")] HttpRequest req) =>
        api.ListAsync(req.HttpContext);

    [Function(nameof(GetLiaison))]
    public Task<IResult> GetLiaison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "liaisons/{id}")] HttpRequest req,
        string id) =>
        api.GetAsync(req.HttpContext, id);

    [Function(nameof(LiaisonStatus))]
    public Task<IResult> LiaisonStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "liaisons/{id}/status")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.StatusAsync(req.HttpContext, client, id);
}
