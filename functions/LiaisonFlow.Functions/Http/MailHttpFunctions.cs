using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Http;

/// <summary>The mail log. Route mirrors <see cref="ApiEndpoints"/>.</summary>
public sealed class MailHttpFunctions(LiaisonApi api)
{
    [Function(nameof(Mail))]
    public Task<IResult> Mail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mail")] HttpRequest req) =>
        api.MailAsync(req.HttpContext);
}
