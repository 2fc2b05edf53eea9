using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>Incoming LSs registered from the holding pen. The route mirrors <see cref="ApiEndpoints"/>.</summary>
public sealed class IncomingHttpFunctions(IncomingApi api)
{
    [Function(nameof(RegisterInboundAsIncoming))]
    public Task<IResult> RegisterInboundAsIncoming(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "inbound/{id}/register-incoming")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id) =>
        api.RegisterFromInboundAsync(req.HttpContext, client, id);
}
