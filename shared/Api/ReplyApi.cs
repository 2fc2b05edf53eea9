using System.Globalization;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Import;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Api;

/// <summary>
/// The secretariat's side of replies: register one (JSON, or multipart with the reply's document),
/// move a group's deadline, start or stop chasing. Each writes the data first, then nudges the
/// orchestration, so a reply is never lost even when the LS's orchestration has ended.
/// </summary>
public sealed class ReplyApi(
    Access access,
    LiaisonStore liaisons,
    GroupStore groups,
    DocumentStore documents,
    WorkflowStarter workflows,
    LiaisonIndexes indexes,
    CalendarClock calendar,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options)
{
    public async Task<IResult> RegisterAsync(HttpContext http, DurableTaskClient durable, string id)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        ReplyRequest? request;
        IFormFile? file = null;
        if (http.Request.HasFormContentType)
        {
            var (form, formProblem) = await RequestBody.ReadFormAsync(http.Request, options.Value.MaxDocumentBytes);
            if (form is null) return formProblem!;
            request = new ReplyRequest(form["fromGroup"], form["reference"], form["receivedOn"], form["note"]);
            file = form.Files.GetFile("document") ?? form.Files.FirstOrDefault();
        }
        else
        {
            (request, var problem) = await RequestBody.ReadAsync<ReplyRequest>(http.Request);
            if (problem is not null) return problem;
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request!.FromGroup)) errors.Add("fromGroup", "Name the group that replied, e.g. \"ITU-T SG17\".");
        if (string.IsNullOrWhiteSpace(request.Reference)) errors.Add("reference", "Give the reply's own reference, e.g. \"SG17-LS12\" or a TD number.");
        else if (request.Reference.Length > 100) errors.Add("reference", "A reference has at most 100 characters.");
        var receivedOn = calendar.Today;
        if (!string.IsNullOrEmpty(request.ReceivedOn) && !DateOnly.TryParseExact(request.ReceivedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out receivedOn))
            errors.Add("receivedOn", $"\"{request.ReceivedOn}\" is not a date of the form 2018-03-01.");
        if (file is not null && DocumentNames.Problem(file.FileName) is { } nameProblem) errors.Add("document", nameProblem);
        if (file is not null && file.Length > options.Value.MaxDocumentBytes) return Problems.TooLarge(options.Value.MaxDocumentBytes);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var ls = await liaisons.GetAsync(id, http.RequestAborted);
        if (ls is null) return Problems.NotFound($"No LS \"{id}\".");

        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        var group = directory.Find(request.FromGroup);
        var groupId = group?.Id ?? GroupNames.Normalize(request.FromGroup) ?? Slugs.From(request.FromGroup!);
        var addressee = ls.Addressees.FirstOrDefault(a => a.GroupId == groupId);
        var now = clock.GetUtcNow();

        string? fileName = null;
        if (file is not null)
        {
            fileName = file.FileName;
            await using var content = file.OpenReadStream();
            var upload = await documents.UploadAsync(id, fileName, content, file.ContentType ?? "application/octet-stream", options.Value.MaxDocumentBytes, http.RequestAborted);
            await liaisons.SaveDocumentAsync(id, new LiaisonDocument(fileName, upload.Length, file.ContentType ?? "application/octet-stream", upload.Sha256, now, caller.Name),
                new HistoryEntry(now, $"document:{upload.Sha256[..16]}", "DocumentUploaded", caller.Name, $"{fileName} ({upload.Length} bytes, sha256 {upload.Sha256}), the reply of {group?.Name ?? request.FromGroup}.", null),
                http.RequestAborted);
        }

        var reply = new Reply(groupId, group?.Name ?? request.FromGroup!.Trim(), request.Reference!.Trim(), receivedOn, request.Note, fileName,
            addressee?.Purpose.ExpectsReply() == true, now, caller.Name);
        var how = addressee is null ? " (not addressed: unsolicited)" : addressee.Purpose.ExpectsReply() ? "" : " (addressed for information only: unsolicited)";
        var created = await liaisons.RecordReplyAsync(id, reply,
            new HistoryEntry(now, $"reply:{Reply.Key(groupId, reply.Reference)}", "ReplyReceived", caller.Name,
                $"{reply.GroupName} replied with {reply.Reference} on {ReplyMails.Date(receivedOn)}{how}.", null), http.RequestAborted);
        if (created)
        {
            await indexes.SyncAsync(id, http.RequestAborted);
            await workflows.NotifyRepliesChangedAsync(durable, ls, $"reply from {groupId}", http.RequestAborted);
        }

        var stored = (await liaisons.GetDetailsAsync(id, http.RequestAborted))!;
        var recorded = stored.Replies.First(r => Reply.Key(r.GroupId, r.Reference) == Reply.Key(groupId, reply.Reference));
        http.Response.Headers.Location = $"/api/liaisons/{Uri.EscapeDataString(id)}";
        return Results.Json(new
        {
            reply = ReplyView.From(recorded, id, options.Value.PublicBaseUrl),
            alreadyRecorded = !created,
            addressee = stored.Liaison.Addressees.FirstOrDefault(a => a.GroupId == groupId) is { } a
                ? AddresseeView.From(a, directory, calendar.Now) : null,
        }, ApiJson.Options, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public async Task<IResult> ChangeDeadlineAsync(HttpContext http, DurableTaskClient durable, string id, string group)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<DeadlineRequest>(http.Request);
        if (problem is not null) return problem;
        if (!Deadline.TryParse(request!.Deadline, out var deadline, out var error) || deadline.IsNone)
            return Problems.Field("deadline", error ?? "Give the new deadline as written, e.g. \"before 30 April 2018\".");

        var ls = await liaisons.GetAsync(id, http.RequestAborted);
        if (ls is null) return Problems.NotFound($"No LS \"{id}\".");
        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        var groupId = directory.Find(group)?.Id ?? GroupNames.Normalize(group) ?? group;
        var addressee = ls.Addressees.FirstOrDefault(a => a.GroupId == groupId);
        if (addressee is null) return Problems.NotFound($"\"{group}\" is not an addressee of LS \"{id}\".");
        if (addressee.Deadline.Raw == deadline.Raw) return Results.Json(AddresseeView.From(addressee, directory, calendar.Now), ApiJson.Options);

        var now = clock.GetUtcNow();
        await liaisons.ChangeDeadlineAsync(id, groupId, deadline, new HistoryEntry(now, $"deadline:{groupId}:{deadline.Date:yyyyMMdd}", "DeadlineChanged", caller.Name,
            $"{directory.Find(groupId)?.Name ?? groupId}: \"{addressee.Deadline.Raw}\" → \"{deadline.Raw}\"{(request.Reason is null ? "" : $" ({request.Reason})")}.", null), http.RequestAborted);
        await indexes.SyncAsync(id, http.RequestAborted);
        await workflows.NotifyRepliesChangedAsync(durable, ls, $"deadline of {groupId}", http.RequestAborted);
        return Results.Json(AddresseeView.From(addressee with { Deadline = deadline }, directory, calendar.Now), ApiJson.Options);
    }

    public async Task<IResult> SetChasingAsync(HttpContext http, DurableTaskClient durable, string id)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<ChasingRequest>(http.Request);
        if (problem is not null) return problem;
        if (request!.Enabled is not { } enabled) return Problems.Field("enabled", "Say {\"enabled\": true} to chase, false to stop.");

        var ls = await liaisons.GetAsync(id, http.RequestAborted);
        if (ls is null) return Problems.NotFound($"No LS \"{id}\".");
        if (enabled && ls.State != LiaisonState.AwaitingReplies)
            return Problems.Conflict($"Only an LS awaiting replies is chased; this one is {ls.State}.", new Dictionary<string, object?> { ["state"] = ls.State.ToString() });
        if (enabled == ls.ChasingSince is not null) return Results.Json(new { id, chasingSince = ls.ChasingSince }, ApiJson.Options);

        var now = clock.GetUtcNow();
        var since = enabled ? calendar.Now : (DateTimeOffset?)null;
        await liaisons.SetChasingAsync(id, since, new HistoryEntry(now, $"chasing:{now:yyyyMMddHHmmssfff}", enabled ? "ChasingStarted" : "ChasingStopped", caller.Name,
            enabled ? "The groups that owe replies will be chased." : "No more chasers for this LS.", null), http.RequestAborted);
        await workflows.NotifyRepliesChangedAsync(durable, ls, enabled ? "chasing started" : "chasing stopped", http.RequestAborted);
        return Results.Json(new { id, chasingSince = since }, ApiJson.Options);
    }
}
