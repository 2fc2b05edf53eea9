using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>Meeting import. Route mirrors <see cref="ApiEndpoints"/>.</summary>
public sealed class MeetingHttpFunctions(LiaisonApi api)
{
    [Function(nameof(ImportMeeting))]
    public Task<IResult> ImportMeeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "meetings/import")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.ImportMeetingAsync(req.HttpContext, client);
}
