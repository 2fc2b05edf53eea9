using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>Replies, deadlines and chasing. Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class ReplyHttpFunctions(ReplyApi api)
{
    [Function(nameof(RegisterReply))]
    public Task<IResult> RegisterReply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "liaisons/{id}/replies")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.RegisterAsync(req.HttpContext, client, id);

    [Function(nameof(GetReplyDocument))]
    public Task<IResult> GetReplyDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "liaisons/{id}/replies/{group}/documents/{fileName}")] HttpRequest req,
        string id,
        string group,
        string fileName) =>
        api.GetDocumentAsync(req.HttpContext, id, group, fileName);

    [Function(nameof(SetChasing))]
    public Task<IResult> SetChasing(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "liaisons/{id}/chasers")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.SetChasingAsync(req.HttpContext, client, id);

    [Function(nameof(ChangeDeadline))]
    public Task<IResult> ChangeDeadline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "liaisons/{id}/addressees/{group}/deadline")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        string group) =>
        api.ChangeDeadlineAsync(req.HttpContext, client, id, group);
}
