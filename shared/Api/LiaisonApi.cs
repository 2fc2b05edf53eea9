using System.Text.Json;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Import;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LiaisonFlow.Api;

/// <summary>
/// The HTTP API's handlers. Both hosts call them: the local host from minimal-API routes, the
/// Functions app from thin HTTP-triggered functions, each passing its own Durable Task client.
/// </summary>
public sealed class LiaisonApi(
    Access access,
    LiaisonStore liaisons,
    LiaisonLedger ledger,
    MeetingStore meetings,
    GroupStore groups,
    DocumentStore documents,
    LsNumberRegistry numbers,
    MeetingImporter importer,
    WorkflowStarter workflows,
    LiaisonCommands commands,
    IncomingRegistration incoming,
    IncomingApi incomingApi,
    CalendarClock calendar,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options)
{
    string BaseUrl => options.Value.PublicBaseUrl;

    public async Task<IResult> ImportMeetingAsync(HttpContext http, DurableTaskClient durable)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (file, problem) = await RequestBody.ReadAsync<MeetingImportFile>(http.Request);
        if (problem is not null) return problem;
        try
        {
            // Historical LSs are not chased unless asked: ?chase=true.
            var chase = string.Equals(http.Request.Query["chase"], "true", StringComparison.OrdinalIgnoreCase);
            var report = await importer.ImportAsync(file!, caller.Name, durable, chase, http.RequestAborted);
            return Results.Json(report, ApiJson.Options);
        }
        catch (ImportValidationException e)
        {
            return Problems.Validation(e.Errors, "The import file has invalid fields; nothing was imported.");
        }
    }

    public async Task<IResult> CreateAsync(HttpContext http, DurableTaskClient durable)
    {
        if (access.Require(http, out var caller, Role.Rapporteur) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<CreateLiaisonRequest>(http.Request);
        if (problem is not null) return problem;
        switch (request!.Direction?.Trim().ToLowerInvariant())
        {
            case null or "outgoing":
                break;
            case "incoming":
                // TSB registers what other bodies send us.
                if (access.Require(http, out caller, Role.Secretariat) is { } notTsb) return notTsb;
                var (stored, isNew, refused) = await incomingApi.RegisterAsync(http, durable, request.Incoming(), caller.Name);
                return refused ?? await CreatedAsync(http, stored!, await groups.GetDirectoryAsync(http.RequestAborted), liaisons, BaseUrl, calendar.Now, isNew);
            default:
                return Problems.Field("direction", $"\"{request.Direction}\" is not \"outgoing\" or \"incoming\".");
        }

        // Only a slug can be a meeting id: anything else is no meeting, and never reaches the table as a key.
        var meeting = request!.MeetingId is null || !Slugs.IsValid(request.MeetingId) ? null : await meetings.GetAsync(request.MeetingId, http.RequestAborted);
        if (meeting is null) return Problems.Field("meetingId", request.MeetingId is null ? "The meeting is required." : $"No meeting \"{request.MeetingId}\"; import it first.");

        // The LS is the meeting's: a body named in the request only confirms it (numbers are drawn from its series).
        if (request.SourceBody is { } body && !string.Equals(body.Trim(), meeting.Body, StringComparison.OrdinalIgnoreCase))
            return Problems.Field("sourceBody", $"The LSs of {meeting.Id} are sent by {meeting.Body}, not \"{body}\".");

        var id = request.Id ?? NewId(meeting.Id, request.Td);
        var errors = new ValidationErrors();
        var dto = new LiaisonDto
        {
            Id = id, Title = request.Title, Subject = request.Subject, SourceBody = meeting.Body, SourceGroup = request.SourceGroup,
            Td = request.Td, Questions = request.Questions, Approval = request.Approval, Contact = request.Contact,
            State = nameof(LiaisonState.Draft), Addressees = request.Addressees,
        };
        var ls = await importer.LiaisonAsync(dto, "", meeting, await groups.GetDirectoryAsync(http.RequestAborted), errors, http.RequestAborted);
        string? inReplyTo = null;
        if (request.InReplyTo is not null)
        {
            (inReplyTo, var inReplyToProblem) = await incoming.InReplyToAsync(request.InReplyTo, http.RequestAborted);
            if (inReplyToProblem is not null) errors.Add("inReplyTo", inReplyToProblem);
        }
        if (errors.Any || ls is null) return Problems.Validation(errors.ToDictionary());
        ls = ls with { InReplyTo = inReplyTo };

        var result = await ledger.CreateAsync(ls, new HistoryEntry(clock.GetUtcNow(), "create", LiaisonEvent.Created, caller.Name, "Draft created.", LiaisonState.Draft), http.RequestAborted);
        var created = result.Outcome == ChangeOutcome.Applied;
        // A retried create with the same id is fine; a different LS under a taken id is not.
        if (!created && (result.Current is null || result.Current.Liaison.Title != ls.Title))
            return Problems.Conflict($"The id \"{id}\" is taken by another LS.", new Dictionary<string, object?> { ["field"] = "id" });
        FaultPoints.Hit(FaultPoint.CreateStored);
        await workflows.TryNudgeAsync(durable, id, http.RequestAborted);
        return await CreatedAsync(http, result.Current!, await groups.GetDirectoryAsync(http.RequestAborted), liaisons, BaseUrl, calendar.Now, created);
    }

    /// <summary>201 with the new LS (200 when a retry found it stored), its reply chain named, its ETag and Location.</summary>
    internal static async Task<IResult> CreatedAsync(HttpContext http, LiaisonSnapshot stored, GroupDirectory directory, LiaisonStore store, string baseUrl, DateTimeOffset now, bool created)
    {
        VersionTag.Set(http, stored.Version);
        http.Response.Headers.Location = $"/api/liaisons/{Uri.EscapeDataString(stored.Id)}";
        var view = LiaisonView.From(stored, directory, baseUrl, now);
        view = view with { Chain = await ChainLinks.ResolveAsync(view, store, baseUrl, http.RequestAborted) };
        return Results.Json(view, ApiJson.Options, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    static string NewId(string meetingId, string? td) =>
        TdReference.TryParse(td, out var reference) && reference is not null
            ? $"{meetingId}-td{reference.Number}"
            : $"{meetingId}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task<IResult> ListAsync(HttpContext http)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        var q = http.Request.Query;
        LiaisonState? state = null;
        if (q["state"].ToString() is { Length: > 0 } s)
        {
            // By name only: Enum.TryParse would also take "99" (no state) and "Draft,Held" (flags).
            if (Enum.GetNames<LiaisonState>().FirstOrDefault(n => string.Equals(n, s, StringComparison.OrdinalIgnoreCase)) is not { } name)
                return Problems.Field("state", $"\"{s}\" is not one of {string.Join(", ", Enum.GetNames<LiaisonState>())}.");
            state = Enum.Parse<LiaisonState>(name);
        }
        string? groupId = null;
        if (q["group"].ToString() is { Length: > 0 } g)
        {
            groupId = (await groups.GetDirectoryAsync(http.RequestAborted)).Find(g)?.Id ?? GroupNames.Normalize(g);
            if (groupId is null) return Problems.Field("group", $"No group \"{g}\".");
        }
        var number = q["number"].ToString() is { Length: > 0 } n ? n : null;
        var meeting = q["meeting"].ToString() is { Length: > 0 } m ? m : null;
        var list = await liaisons.ListAsync(new LiaisonQuery(meeting, state, number, groupId), http.RequestAborted);
        return Results.Json(list.OrderBy(l => l.MeetingId).ThenBy(l => l.Number?.Sequence ?? int.MaxValue).ThenBy(l => l.Id)
            .Select(l => LiaisonSummary.From(l, BaseUrl)), ApiJson.Options);
    }

    public async Task<IResult> GetAsync(HttpContext http, string id)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        var snapshot = await liaisons.ReadAsync(id, http.RequestAborted);
        if (snapshot is null) return Problems.NotFound($"No LS \"{id}\".");
        VersionTag.Set(http, snapshot.Version);
        var view = LiaisonView.From(snapshot, await groups.GetDirectoryAsync(http.RequestAborted), BaseUrl, calendar.Now);
        return Results.Json(view with { Chain = await ChainLinks.ResolveAsync(view, liaisons, BaseUrl, http.RequestAborted) }, ApiJson.Options);
    }


    public async Task<IResult> CommandAsync(HttpContext http, DurableTaskClient durable, string id, CommandKind kind)
    {
        var action = kind.ToString().ToLowerInvariant();
        Role[] roles = kind switch
        {
            CommandKind.Submit or CommandKind.Withdraw => [Role.Rapporteur],
            CommandKind.Close => [Role.Secretariat],
            _ => [Role.Chair],
        };
        if (access.Require(http, out var caller, roles) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<CommandRequest>(http.Request, optional: true);
        if (problem is not null) return problem;

        if (request?.Reason is { } reason && FieldRules.TextProblem(reason, FieldRules.MaxReasonLength, multiline: true) is { } reasonProblem)
            return Problems.Field("reason", reasonProblem);

        var ls = await liaisons.GetAsync(id, http.RequestAborted);
        if (ls is null) return Problems.NotFound($"No LS \"{id}\".");
        LsNumber? number = null;
        if (request?.Number is { } requested)
        {
            if (kind is not (CommandKind.Endorse or CommandKind.Release)) return Problems.Field("number", "A number is given only when endorsing or releasing.");
            if (!LsNumber.TryParse(requested, out number) || number is null) return Problems.Field("number", $"\"{requested}\" is not an LS number such as \"{ls.SourceBody}-LS8\".");
            if (!number.IsInSeriesOf(ls.SourceBody)) return Problems.Field("number", $"{number} is not in the series of {ls.SourceBody}.");
            if (ls.Number is not null && ls.Number != number) return Problems.Field("number", $"The LS is already numbered {ls.Number}.");
            if (await numbers.OwnerAsync(ls.MeetingId, number, http.RequestAborted) is { } owner && owner != id)
                return Problems.Conflict($"{number} is already held by {owner}.", new Dictionary<string, object?> { ["field"] = "number" });
        }

        // The command is stored with the LS, checked against its stored state in the same guarded
        // transaction, before the answer: the orchestration acts on what is stored, so nothing answered
        // 202 can be lost. An Idempotency-Key makes a retried request the same command.
        var key = CommandKey(http, kind.ToString());
        var result = await commands.RunAsync(durable, id, kind, key, caller.Name, number, request?.Reason, http.RequestAborted);
        if (Problems.Of(result, id) is { } refused) return refused;
        http.Response.Headers.Location = $"/api/liaisons/{Uri.EscapeDataString(id)}";
        return Results.Json(new { id, command = kind, commandId = key, state = result.Current!.State, number = result.Current.Liaison.Number?.ToString(),
            alreadyApplied = result.Outcome == ChangeOutcome.AlreadyApplied, status = $"/api/liaisons/{Uri.EscapeDataString(id)}/status" },
            ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The command's key: from the client's Idempotency-Key (a retry is the same command), else new.</summary>
    /// <param name="scope">What else the key is about (the LS, in a batch of several): one request key, one command per LS.</param>
    /// <param name="what">The command ("Endorse", "edit"): the same key on two kinds of request makes two commands.</param>
    internal static string CommandKey(HttpContext http, string what, string? scope = null)
    {
        var given = http.Request.Headers["Idempotency-Key"].ToString();
        if (given.Length is 0 or > 200) return $"cmd:{Guid.NewGuid():N}";
        var text = scope is null ? $"{what}\n{given}" : $"{what}\n{given}\n{scope}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
        return $"cmd:{hash}";
    }

    public async Task<IResult> StatusAsync(HttpContext http, DurableTaskClient durable, string id)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        var ls = await liaisons.GetAsync(id, http.RequestAborted);
        if (ls is null) return Problems.NotFound($"No LS \"{id}\".");
        var instance = await durable.GetInstanceAsync(id, getInputsAndOutputs: true, http.RequestAborted);
        return Results.Json(new
        {
            id,
            state = ls.State,
            orchestration = instance is null ? null : new
            {
                instanceId = instance.InstanceId,
                runtimeStatus = instance.RuntimeStatus.ToString(),
                createdAt = instance.CreatedAt,
                lastUpdatedAt = instance.LastUpdatedAt,
                customStatus = Parse(instance.SerializedCustomStatus),
                output = Parse(instance.SerializedOutput),
                failure = instance.FailureDetails?.ErrorMessage,
            },
        }, ApiJson.Options);
    }

    static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonDocument.Parse(json).RootElement.Clone(); }
        catch (JsonException) { return JsonDocument.Parse(JsonSerializer.Serialize(json)).RootElement.Clone(); }
    }

    public async Task<IResult> PutDocumentAsync(HttpContext http, string id, string fileName)
    {
        if (access.Require(http, out var caller, Role.Rapporteur) is { } denied) return denied;
        if (DocumentNames.Problem(fileName) is { } nameProblem) return Problems.Field("fileName", nameProblem);
        var limit = options.Value.MaxDocumentBytes;
        if (http.Request.ContentLength > limit) return Problems.TooLarge(limit);

        var ls = await liaisons.GetAsync(id, http.RequestAborted);
        if (ls is null) return Problems.NotFound($"No LS \"{id}\".");
        if (!LiaisonRules.AcceptsDocuments(ls.State)) return Problems.Conflict($"The LS is {ls.State}; its documents are frozen.", new Dictionary<string, object?> { ["state"] = ls.State.ToString() });

        var contentType = string.IsNullOrWhiteSpace(http.Request.ContentType) ? "application/octet-stream" : http.Request.ContentType;
        if (FieldRules.TextProblem(contentType, 200) is { } typeProblem) return Problems.Field("Content-Type", typeProblem);
        (long Length, string Sha256, string BlobName) stored;
        try
        {
            // Under the content's hash: written before its row, and never over bytes a row points to.
            stored = await documents.UploadAsync(id, fileName, http.Request.Body, contentType, limit, http.RequestAborted);
        }
        catch (DocumentTooLargeException)
        {
            return Problems.TooLarge(limit);
        }
        FaultPoints.Hit(FaultPoint.DocumentBlobWritten);

        var now = clock.GetUtcNow();
        var details = await liaisons.GetDetailsAsync(id, http.RequestAborted);
        var existing = details?.Documents.FirstOrDefault(d => d.FileName == fileName);
        // Once the plenary agreed the LS, its TD is what was agreed: another upload under the name is a new revision.
        var revises = existing is not null && existing.Sha256 != stored.Sha256 && details is not null && LiaisonRules.DocumentsAreRevisions(details.Liaison.State);
        string storedAs;
        try
        {
            storedAs = revises ? DocumentNames.NextRevision(fileName, details!.Documents.Select(d => d.FileName)) : fileName;
        }
        catch (ArgumentException)
        {
            // The name is so long that no revision name fits: nothing refers to the bytes just stored under their hash.
            return Problems.Conflict($"The LS is {details!.Liaison.State}, so a new upload of \"{fileName}\" is stored as a new revision, and no revision name " +
                $"fits in {DocumentNames.MaxLength} characters; upload it under a shorter name.", new Dictionary<string, object?> { ["field"] = "fileName" });
        }
        var document = new LiaisonDocument(storedAs, stored.Length, contentType, stored.Sha256, now, caller.Name, stored.BlobName);
        var replaced = existing is not null && storedAs == fileName && existing.Sha256 != stored.Sha256;
        var entry = new HistoryEntry(now, $"document:{storedAs}:{stored.Sha256[..16]}", LiaisonEvent.DocumentUploaded, caller.Name,
            $"{storedAs} ({stored.Length} bytes, sha256 {stored.Sha256}){(storedAs != fileName ? $", a new revision of {fileName}" : replaced ? $", replacing the version with sha256 {existing!.Sha256}" : "")}.", null);
        var result = await ledger.ChangeAsync(id, LiaisonChanges.AddDocument(document, entry), http.RequestAborted);
        if (Problems.Of(result, id) is { } refused) return refused;
        var view = new DocumentView(storedAs, stored.Length, contentType, stored.Sha256, now, caller.Name, LiaisonMails.DocumentUrl(BaseUrl, id, storedAs));
        if (storedAs != fileName) http.Response.Headers.Location = view.Url;
        return Results.Json(view, ApiJson.Options, statusCode: existing is not null && storedAs == fileName ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    public async Task<IResult> GetDocumentAsync(HttpContext http, string id, string fileName)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        if (DocumentNames.Problem(fileName) is { } nameProblem) return Problems.Field("fileName", nameProblem);
        var document = await liaisons.GetDocumentAsync(id, fileName, http.RequestAborted);
        // ?sha256= reads an earlier version, as a history line names it.
        if (http.Request.Query["sha256"].ToString() is { Length: > 0 } version && document is not null && version != document.Sha256)
        {
            if (version.Length != 64 || !version.All(char.IsAsciiHexDigitLower)) return Problems.Field("sha256", "Give the 64 lower-case hex digits of a version's SHA-256.");
            document = document with { Sha256 = version, BlobName = null };
            var earlier = await documents.OpenVersionAsync(id, version, fileName, http.RequestAborted);
            if (earlier is null) return Problems.NotFound($"No version {version} of \"{fileName}\" for LS \"{id}\".");
            return Download(http, document, earlier);
        }
        var blob = document is null ? null : await documents.OpenAsync(id, document, http.RequestAborted);
        if (document is null || blob is null) return Problems.NotFound($"No document \"{fileName}\" for LS \"{id}\".");
        return Download(http, document, blob);
    }

    /// <summary>A stored document as a download, with its hash for the reader to check (RFC 9530).</summary>
    internal static IResult Download(HttpContext http, LiaisonDocument document, Azure.Storage.Blobs.Models.BlobDownloadStreamingResult blob)
    {
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(document.Sha256))}:";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(document.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        // Served as a download, never sniffed into something a browser would run.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(blob.Content, document.ContentType, enableRangeProcessing: false);
    }

    public async Task<IResult> MailAsync(HttpContext http)
    {
        if (access.Require(http, out _, Role.Secretariat) is { } denied) return denied;
        var liaison = http.Request.Query["liaison"].ToString();
        var entries = await liaisons.ListMailAsync(string.IsNullOrEmpty(liaison) ? null : liaison, http.RequestAborted);
        return Results.Json(entries, ApiJson.Options);
    }
}
