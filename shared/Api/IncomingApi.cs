using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Inbound;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Api;

/// <summary>
/// Incoming LSs: registered by hand (<c>POST /api/liaisons</c> with <c>direction: "incoming"</c>, through
/// <see cref="LiaisonApi"/>) or from a message in the holding pen (<c>POST /api/inbound/{id}/register-incoming</c>).
/// </summary>
public sealed class IncomingApi(
    Access access,
    IncomingRegistration registration,
    InboundStore inbound,
    InboundRegistrar registrar,
    LiaisonStore liaisons,
    GroupStore groups,
    CalendarClock calendar,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options)
{
    /// <summary>
    /// The incoming LS as stored and whether this call created it; or the problem: 400 naming each field, 409
    /// when its id is taken by another LS (a retry with the same id and title finds it stored, not new).
    /// </summary>
    internal async Task<(LiaisonSnapshot? Stored, bool Created, IResult? Problem)> RegisterAsync(HttpContext http, DurableTaskClient durable, IncomingLiaisonFields fields, string actor)
    {
        var registered = await registration.RegisterAsync(fields, actor, durable, http.RequestAborted);
        if (registered.Errors.Any || registered.Result?.Current is not { } stored) return (null, false, Problems.Validation(registered.Errors.ToDictionary()));
        var created = registered.Result.Outcome == ChangeOutcome.Applied;
        if (!created && (stored.Liaison.Direction != Direction.Incoming || stored.Liaison.Title != fields.Title?.Trim()))
            return (null, false, Problems.Conflict($"The id \"{stored.Id}\" is taken by another LS.", new Dictionary<string, object?> { ["field"] = "id" }));
        return (stored, created, null);
    }

    /// <summary>
    /// A message in the holding pen is an incoming LS: registered with the fields given (the title defaults to
    /// the subject), then the message leaves the pen, recorded with who and which LS. The LS is written first
    /// under an id derived from its number, so a request retried after a crash in between finds it and moves the message.
    /// </summary>
    public async Task<IResult> RegisterFromInboundAsync(HttpContext http, DurableTaskClient durable, string id)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<IncomingLiaisonFields>(http.Request);
        if (problem is not null) return problem;
        var record = Import.Slugs.IsValid(id) ? await inbound.GetAsync(id, http.RequestAborted) : null;
        if (record is null) return Problems.NotFound($"No inbound mail \"{id}\".");
        if (record.State != InboundStatus.Unmatched)
            return Problems.Conflict($"The mail is {record.State}, not in the holding pen.", new Dictionary<string, object?> { ["status"] = record.State.ToString() });

        var fields = request! with { Title = request.Title ?? record.Subject };
        var (stored, created, refused) = await RegisterAsync(http, durable, fields, caller.Name);
        if (refused is not null) return refused;
        // The attachments become the LS's documents before the message leaves the pen: a retry redoes what is missing.
        if (await registrar.AttachToAsync(record, stored!.Id, caller.Name, http.RequestAborted) > 0)
            stored = await liaisons.ReadAsync(stored.Id, http.RequestAborted) ?? stored;

        record.LiaisonId = stored!.Id;
        record.GroupId = stored.Liaison.SenderGroupId;
        record.Reference = stored.Liaison.Number?.ToString();
        record.Reason = record.ReasonDetail = null;
        record.Move(InboundStatus.Registered, caller.Name, $"Registered as the incoming LS {record.Reference} ({stored.Id}) by {caller.Name}.", clock.GetUtcNow());
        if (!await inbound.UpdateAsync(record, http.RequestAborted))
            return Problems.Conflict($"Inbound mail \"{id}\" was changed by someone else meanwhile; read it again.");
        return await LiaisonApi.CreatedAsync(http, stored, await groups.GetDirectoryAsync(http.RequestAborted), liaisons, options.Value.PublicBaseUrl, calendar.Now, created);
    }
}
