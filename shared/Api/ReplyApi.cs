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
    LiaisonLedger ledger,
    GroupStore groups,
    DocumentStore documents,
    WorkflowStarter workflows,
    CalendarClock calendar,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options)
{
    public async Task<IResult> RegisterAsync(HttpContext http, DurableTaskClient durable, string id)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        ReplyRequest? request;
        IFormFile? file = null;
        var documentWithoutName = false;
        if (http.Request.HasFormContentType)
        {
            var (form, formProblem) = await RequestBody.ReadFormAsync(http.Request, options.Value.MaxDocumentBytes);
            if (form is null) return formProblem!;
            request = new ReplyRequest(form["fromGroup"], form["reference"], form["receivedOn"], form["note"]);
            file = form.Files.GetFile("document") ?? form.Files.FirstOrDefault();
            // A part with an empty file name is read as a text field: its bytes would be dropped without a word.
            documentWithoutName = file is null && form["document"].Any(v => !string.IsNullOrEmpty(v));
        }
        else
        {
            (request, var problem) = await RequestBody.ReadAsync<ReplyRequest>(http.Request);
            if (problem is not null) return problem;
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request!.FromGroup)) errors.Add("fromGroup", "Name the group that replied, e.g. \"ITU-T SG17\".");
        else if (FieldRules.TextProblem(request.FromGroup, FieldRules.MaxNameLength) is { } groupProblem) errors.Add("fromGroup", groupProblem);
        if (string.IsNullOrWhiteSpace(request.Reference)) errors.Add("reference", "Give the reply's own reference, e.g. \"SG17-LS12\" or a TD number.");
        else if (FieldRules.TextProblem(request.Reference, FieldRules.MaxReferenceLength) is { } referenceProblem) errors.Add("reference", referenceProblem);
        // The reference tells one reply from another by its letters and digits: it needs some.
        else if (!request.Reference.Any(char.IsLetterOrDigit)) errors.Add("reference", "A reference needs letters or digits, e.g. \"SG17-LS12\".");
        if (FieldRules.TextProblem(request.Note, FieldRules.MaxNoteLength, multiline: true) is { } noteProblem) errors.Add("note", noteProblem);
        var receivedOn = calendar.Today;
        if (!string.IsNullOrEmpty(request.ReceivedOn) && !DateOnly.TryParseExact(request.ReceivedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out receivedOn))
            errors.Add("receivedOn", $"\"{request.ReceivedOn}\" is not a date of the form 2018-03-01.");
        else if (receivedOn.Year is < 1990 or > 2200) errors.Add("receivedOn", "The date is out of range.");
        if (file is not null && DocumentNames.Problem(file.FileName) is { } nameProblem) errors.Add("document", nameProblem);
        if (documentWithoutName) errors.Add("document", "The document has no file name: send it as a file part (Content-Disposition: form-data; name=\"document\"; filename=\"SG17-LS12.pdf\").");
        if (file is not null && file.Length > options.Value.MaxDocumentBytes) return Problems.TooLarge(options.Value.MaxDocumentBytes);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        // A document is stored before the reply is recorded, so only then is the LS read first: no bytes kept for an LS
        // that is not there or takes no replies. Otherwise the ledger's decision alone answers that (404, 409).
        if (file is not null)
        {
            var ls = await liaisons.GetDetailsAsync(id, http.RequestAborted);
            if (ls is null) return Problems.NotFound($"No LS \"{id}\".");
            if (!LiaisonRules.AcceptsReplies(ls.Liaison.State))
                return Problems.Conflict($"An LS in state {ls.Liaison.State} has not been sent, so it takes no replies.", new Dictionary<string, object?> { ["state"] = ls.Liaison.State.ToString() });
        }

        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        var group = directory.Find(request.FromGroup);
        var groupId = group?.Id ?? GroupNames.Normalize(request.FromGroup) ?? Slugs.From(request.FromGroup!);
        var groupName = group?.Name ?? request.FromGroup!.Trim();
        var reference = request.Reference!.Trim();
        var now = clock.GetUtcNow();

        LiaisonDocument? document = null;
        HistoryEntry? documentEntry = null;
        if (file is not null)
        {
            var contentType = FieldRules.TextProblem(file.ContentType, 200) is null && !string.IsNullOrWhiteSpace(file.ContentType) ? file.ContentType : "application/octet-stream";
            await using var content = file.OpenReadStream();
            // Stored under its hash before the reply is recorded: a failed record leaves no row pointing at other bytes.
            var upload = await documents.UploadAsync(id, file.FileName, content, contentType, options.Value.MaxDocumentBytes, http.RequestAborted, reply: true);
            FaultPoints.Hit(FaultPoint.DocumentBlobWritten);
            document = new LiaisonDocument(file.FileName, upload.Length, contentType, upload.Sha256, now, caller.Name, upload.BlobName);
            documentEntry = new HistoryEntry(now, $"document:{file.FileName}:{upload.Sha256[..16]}", LiaisonEvent.DocumentUploaded, caller.Name,
                $"{file.FileName} ({upload.Length} bytes, sha256 {upload.Sha256}), the reply of {groupName}.", null);
        }

        // Solicited or not is decided on the LS the change is checked against: the addressees as stored.
        var result = await ledger.ChangeAsync(id, (s, c) =>
        {
            var addressee = s.Liaison.Addressees.FirstOrDefault(a => a.GroupId == groupId);
            var reply = new Reply(groupId, groupName, reference, receivedOn, request.Note, document?.FileName,
                addressee?.Purpose.ExpectsReply() == true, now, caller.Name);
            var how = addressee is null ? " (not addressed: unsolicited)" : addressee.Purpose.ExpectsReply() ? "" : " (addressed for information only: unsolicited)";
            var entry = new HistoryEntry(now, $"reply:{Reply.Key(groupId, reference)}", LiaisonEvent.ReplyReceived, caller.Name,
                $"{groupName} replied with {reference} on {ReplyMails.Date(receivedOn)}{how}.", null);
            return LiaisonChanges.RecordReply(reply, entry, document, documentEntry)(s, c);
        }, http.RequestAborted);
        if (Problems.Of(result, id) is { } refused) return refused;
        var created = result.Outcome == ChangeOutcome.Applied;
        if (created) FaultPoints.Hit(FaultPoint.ChangeStored);
        await workflows.TryNudgeAsync(durable, id, http.RequestAborted);

        var stored = result.Current!.Details;
        var recorded = stored.Replies.First(r => Reply.Key(r.GroupId, r.Reference) == Reply.Key(groupId, reference));
        http.Response.Headers.Location = $"/api/liaisons/{Uri.EscapeDataString(id)}";
        return Results.Json(new
        {
            reply = ReplyView.From(recorded, id, options.Value.PublicBaseUrl),
            alreadyRecorded = !created,
            addressee = stored.Liaison.Addressees.FirstOrDefault(a => a.GroupId == groupId) is { } a
                ? AddresseeView.From(a, directory, calendar.Now) : null,
        }, ApiJson.Options, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>A reply's document, as its link in the LS's replies names it.</summary>
    public async Task<IResult> GetDocumentAsync(HttpContext http, string id, string group, string fileName)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        if (DocumentNames.Problem(fileName) is { } nameProblem) return Problems.Field("fileName", nameProblem);
        if (FieldRules.TextProblem(group, FieldRules.MaxNameLength) is { } groupProblem) return Problems.Field("group", groupProblem);
        var groupId = (await groups.GetDirectoryAsync(http.RequestAborted)).Find(group)?.Id ?? GroupNames.Normalize(group) ?? Slugs.From(group);
        var document = await liaisons.GetReplyDocumentAsync(id, groupId, fileName, http.RequestAborted);
        var blob = document is null ? null : await documents.OpenAsync(id, document, http.RequestAborted);
        if (document is null || blob is null) return Problems.NotFound($"No document \"{fileName}\" in a reply of {group} to LS \"{id}\".");
        return LiaisonApi.Download(http, document, blob);
    }

    public async Task<IResult> ChangeDeadlineAsync(HttpContext http, DurableTaskClient durable, string id, string group)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<DeadlineRequest>(http.Request);
        if (problem is not null) return problem;
        if (!Deadline.TryParse(request!.Deadline, out var deadline, out var error) || deadline.IsNone)
            return Problems.Field("deadline", error ?? "Give the new deadline as written, e.g. \"before 30 April 2018\".");
        if (FieldRules.TextProblem(request.Deadline, FieldRules.MaxNameLength) is { } deadlineProblem) return Problems.Field("deadline", deadlineProblem);
        if (FieldRules.TextProblem(request.Reason, FieldRules.MaxReasonLength, multiline: true) is { } reasonProblem) return Problems.Field("reason", reasonProblem);

        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        var groupId = directory.Find(group)?.Id ?? GroupNames.Normalize(group) ?? group;
        var now = clock.GetUtcNow();
        var result = await ledger.ChangeAsync(id, LiaisonChanges.ChangeDeadline(groupId, deadline, addressee => new HistoryEntry(now,
            $"deadline:{groupId}:{deadline.Date:yyyyMMdd}", LiaisonEvent.DeadlineChanged, caller.Name,
            $"{directory.Find(groupId)?.Name ?? groupId}: \"{addressee.Deadline.Raw}\" → \"{deadline.Raw}\"{(request.Reason is null ? "" : $" ({request.Reason})")}.", null)),
            http.RequestAborted);
        // A group that is not an addressee is a resource that does not exist: 404, as an unknown LS.
        if (result is { Outcome: ChangeOutcome.Refused, Field: "group" }) return Problems.NotFound(result.Message!);
        if (Problems.Of(result, id) is { } refused) return refused;
        if (result.Outcome == ChangeOutcome.Applied) FaultPoints.Hit(FaultPoint.ChangeStored);
        await workflows.TryNudgeAsync(durable, id, http.RequestAborted);
        var stored = result.Current!.Liaison.Addressees.First(a => a.GroupId == groupId);
        return Results.Json(AddresseeView.From(stored, directory, calendar.Now), ApiJson.Options);
    }

    public async Task<IResult> SetChasingAsync(HttpContext http, DurableTaskClient durable, string id)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<ChasingRequest>(http.Request);
        if (problem is not null) return problem;
        if (request!.Enabled is not { } enabled) return Problems.Field("enabled", "Say {\"enabled\": true} to chase, false to stop.");

        var now = clock.GetUtcNow();
        var result = await ledger.ChangeAsync(id, LiaisonChanges.SetChasing(enabled, calendar.Now,
            new HistoryEntry(now, $"chasing:{now:yyyyMMddHHmmssfff}", enabled ? LiaisonEvent.ChasingStarted : LiaisonEvent.ChasingStopped, caller.Name,
                enabled ? "The groups that owe replies will be chased." : "No more chasers for this LS.", null)), http.RequestAborted);
        if (Problems.Of(result, id) is { } refused) return refused;
        // Nudged even when it was set already: a retry after a failed nudge must still reach the orchestration.
        await workflows.TryNudgeAsync(durable, id, http.RequestAborted);
        return Results.Json(new { id, chasingSince = result.Current!.Liaison.ChasingSince }, ApiJson.Options);
    }
}
