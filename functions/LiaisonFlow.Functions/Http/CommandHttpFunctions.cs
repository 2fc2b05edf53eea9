using LiaisonFlow.Api;
using LiaisonFlow.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>
/// The commands on an LS, one function and literal route each (as <see cref="ApiEndpoints"/> maps
/// them): the Functions host orders routes by function name, so a "{action}" parameter would
/// swallow the reply routes.
/// </summary>
public sealed class CommandHttpFunctions(LiaisonApi api)
{
    const string Base = "liaisons/{id}/";

    [Function(nameof(Submit))]
    public Task<IResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "submit")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Submit);

    [Function(nameof(Endorse))]
    public Task<IResult> Endorse([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "endorse")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Endorse);

    [Function(nameof(Reject))]
    public Task<IResult> Reject([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "reject")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Reject);

    [Function(nameof(Hold))]
    public Task<IResult> Hold([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "hold")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Hold);

    [Function(nameof(Release))]
    public Task<IResult> Release([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "release")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Release);

    [Function(nameof(Withdraw))]
    public Task<IResult> Withdraw([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "withdraw")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Withdraw);

    [Function(nameof(Close))]
    public Task<IResult> Close([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "close")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Close);

    [Function(nameof(Note))]
    public Task<IResult> Note([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "note")] HttpRequest req, [DurableClient] DurableTaskClient client, string id) =>
        api.CommandAsync(req.HttpContext, client, id, CommandKind.Note);
}
