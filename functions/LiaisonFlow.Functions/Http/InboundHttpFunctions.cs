using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>Inbound mail: the SendGrid Inbound Parse webhook and the holding pen. Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class InboundHttpFunctions(InboundApi api)
{
    [Function(nameof(ReceiveInboundSendGrid))]
    public Task<IResult> ReceiveInboundSendGrid(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "inbound/sendgrid")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.ReceiveSendGridAsync(req.HttpContext, client);

    [Function(nameof(ListInbound))]
    public Task<IResult> ListInbound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "inbound")] HttpRequest req) =>
        api.ListAsync(req.HttpContext);

    [Function(nameof(GetInbound))]
    public Task<IResult> GetInbound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "inbound/{id}")] HttpRequest req,
        string id) =>
        api.GetAsync(req.HttpContext, id);

    [Function(nameof(GetInboundAttachment))]
    public Task<IResult> GetInboundAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "inbound/{id}/attachments/{n}")] HttpRequest req,
        string id,
        string n) =>
        api.GetAttachmentAsync(req.HttpContext, id, n);

    [Function(nameof(AssignInbound))]
    public Task<IResult> AssignInbound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "inbound/{id}/assign")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.AssignAsync(req.HttpContext, client, id);

    [Function(nameof(DismissInbound))]
    public Task<IResult> DismissInbound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "inbound/{id}/dismiss")] HttpRequest req,
        string id) =>
        api.DismissAsync(req.HttpContext, id);
}
