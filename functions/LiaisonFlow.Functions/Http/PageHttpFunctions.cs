using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Functions.Http;

/// <summary>
/// What the rapporteur, plenary and TSB pages read and do: the caller, the directory, meetings, how a
/// deadline reads, a draft edit and a plenary's endorsements. Routes mirror <see cref="ApiEndpoints"/>.
/// </summary>
public sealed class PageHttpFunctions(MeApi me, DirectoryApi directory, DeadlineApi deadlines, DraftApi drafts, PlenaryApi plenary)
{
    [Function(nameof(Me))]
    public IResult Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req) =>
        me.Get(req.HttpContext);

    [Function(nameof(ListGroups))]
    public Task<IResult> ListGroups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "groups")] HttpRequest req) =>
        directory.GroupsAsync(req.HttpContext);

    [Function(nameof(ListMeetings))]
    public Task<IResult> ListMeetings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "meetings")] HttpRequest req) =>
        directory.MeetingsAsync(req.HttpContext);

    [Function(nameof(ReadDeadline))]
    public IResult ReadDeadline([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "deadlines/reading")] HttpRequest req) =>
        deadlines.Reading(req.HttpContext);

    [Function(nameof(EditDraft))]
    public Task<IResult> EditDraft([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "liaisons/{id}")] HttpRequest req, string id) =>
        drafts.EditAsync(req.HttpContext, id);

    [Function(nameof(EndorseMeetingLiaisons))]
    public Task<IResult> EndorseMeetingLiaisons(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "meetings/{meetingId}/endorse")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string meetingId) =>
        plenary.EndorseAsync(req.HttpContext, client, meetingId);
}
