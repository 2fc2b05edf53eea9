using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Import;
using LiaisonFlow.Inbound;
using LiaisonFlow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Api;

/// <summary>
/// Inbound mail: the SendGrid Inbound Parse webhook (HTTP Basic credentials from settings, not a bearer
/// role), which stores each message whole before it answers and then registers it or puts it in the
/// holding pen; and the secretariat's view of the pen — list, detail with the text body, attachments as
/// downloads, assign to an LS and group, dismiss with a reason.
/// </summary>
public sealed class InboundApi(
    Access access,
    InboundStore store,
    InboundRegistrar registrar,
    LiaisonStore liaisons,
    GroupStore groups,
    ReplyAddresses replyAddresses,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options,
    ILogger<InboundApi> logger)
{
    public async Task<IResult> ReceiveSendGridAsync(HttpContext http, DurableTaskClient durable)
    {
        if (WebhookDenied(http) is { } denied) return denied;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) || !string.Equals(media.MediaType, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return Problems.Field("$", $"SendGrid Inbound Parse posts multipart/form-data, not {http.Request.ContentType ?? "no Content-Type"}.");
        // The raw variant carries the whole message, attachments and all, in one text field.
        var (form, problem) = await RequestBody.ReadFormAsync(http.Request, options.Value.MaxDocumentBytes, (int)Math.Min(int.MaxValue, options.Value.MaxDocumentBytes));
        if (form is null) return problem!;
        var errors = new ValidationErrors();
        var post = InboundParser.Read(form, errors);
        if (post is null) return Problems.Validation(errors.ToDictionary(), "This is not a SendGrid Inbound Parse post.");

        var (record, created) = await store.StoreAsync(post, clock.GetUtcNow(), http.RequestAborted);
        if (created) FaultPoints.Hit(FaultPoint.InboundStored);
        try
        {
            record = await registrar.ProcessAsync(record, durable, http.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stored is what SendGrid needs to hear: the recovery sweep processes it.
            logger.LogWarning(e, "Inbound message {InboundId}: stored, not processed; the recovery sweep will.", record.Id);
        }
        http.Response.Headers.Location = $"/api/inbound/{record.Id}";
        return Results.Json(new { id = record.Id, status = record.State, alreadyReceived = !created }, ApiJson.Options,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public async Task<IResult> ListAsync(HttpContext http)
    {
        if (access.Require(http, out _, Role.Secretariat) is { } denied) return denied;
        var asked = http.Request.Query["status"].ToString();
        var status = InboundStatus.Unmatched;
        if (asked.Length > 0 && (!Enum.TryParse(asked, ignoreCase: true, out status) || !Enum.IsDefined(status) || asked.Any(char.IsDigit)))
            return Problems.Field("status", $"Give one of {string.Join(", ", Enum.GetNames<InboundStatus>().Select(n => n.ToLowerInvariant()))}.");
        var records = await store.ListAsync(status, http.RequestAborted);
        var candidates = status == InboundStatus.Unmatched && records.Count > 0 ? await CandidatesAsync(http.RequestAborted) : null;
        var views = new List<InboundView>(records.Count);
        foreach (var r in records)
            views.Add(InboundView.Of(r, candidates: candidates is null ? null : await candidates(r, await store.TextAsync(r, http.RequestAborted))));
        return Results.Json(views, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(HttpContext http, string id)
    {
        if (access.Require(http, out _, Role.Secretariat) is { } denied) return denied;
        if (await FindAsync(id, http.RequestAborted) is not { } record) return Problems.NotFound($"No inbound mail \"{id}\".");
        var text = await store.TextAsync(record, http.RequestAborted);
        var candidates = record.State == InboundStatus.Unmatched ? await (await CandidatesAsync(http.RequestAborted))(record, text) : null;
        return Results.Json(InboundView.Of(record, text, candidates), ApiJson.Options);
    }

    /// <summary>The pen's guesses, from one read of the LS records and the directory for the whole answer (and the LSs each message quotes read whole).</summary>
    async Task<Func<InboundRecord, string, Task<IReadOnlyList<PenCandidate>>>> CandidatesAsync(CancellationToken ct)
    {
        var all = await liaisons.ListAsync(new LiaisonQuery(), ct);
        var directory = await groups.GetDirectoryAsync(ct);
        return async (r, text) => PenCandidates.For(r, text, await QuotedLiaisons.WithAddresseesAsync(liaisons, all, r, text, ct), directory, replyAddresses);
    }

    public async Task<IResult> GetAttachmentAsync(HttpContext http, string id, string n)
    {
        if (access.Require(http, out _, Role.Secretariat) is { } denied) return denied;
        if (await FindAsync(id, http.RequestAborted) is not { } record) return Problems.NotFound($"No inbound mail \"{id}\".");
        var attachments = record.AttachmentList;
        if (!int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) || index < 1 || index > attachments.Count)
            return Problems.NotFound($"Inbound mail \"{id}\" has {attachments.Count} attachment(s), numbered from 1.");
        var attachment = attachments[index - 1];
        if (await store.OpenAsync(attachment.BlobName, http.RequestAborted) is not { } blob) return Problems.NotFound($"Attachment {index} of \"{id}\" is not stored.");
        return LiaisonApi.Download(http, new LiaisonDocument(attachment.FileName, attachment.Length, attachment.ContentType, attachment.Sha256, record.ReceivedAt, record.FromAddress), blob);
    }

    public async Task<IResult> AssignAsync(HttpContext http, DurableTaskClient durable, string id)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<AssignInboundRequest>(http.Request);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request!.Liaison)) errors.Add("liaison", "Name the LS the mail replies to, e.g. \"tsag-2017-05-td102\".");
        else if (!Slugs.IsValid(request.Liaison)) errors.Add("liaison", "Not an LS id. " + Slugs.Rule);
        if (string.IsNullOrWhiteSpace(request.Group)) errors.Add("group", "Name the group that replied, e.g. \"ITU-T SG17\".");
        else if (FieldRules.TextProblem(request.Group, FieldRules.MaxGroupNameLength) is { } groupProblem) errors.Add("group", groupProblem);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        if (await FindAsync(id, http.RequestAborted) is not { } record) return Problems.NotFound($"No inbound mail \"{id}\".");
        if (record.State != InboundStatus.Unmatched) return NotInPen(record);
        var ls = await liaisons.GetDetailsAsync(request.Liaison!, http.RequestAborted);
        if (ls is null) return Problems.Field("liaison", $"No LS \"{request.Liaison}\".");
        if (!LiaisonRules.AcceptsReplies(ls.Liaison.State))
            return Problems.Conflict($"An LS in state {ls.Liaison.State} has not been sent, so it takes no replies.", new Dictionary<string, object?> { ["state"] = ls.Liaison.State.ToString() });
        var group = (await groups.GetDirectoryAsync(http.RequestAborted)).Find(request.Group);
        if (group is null) return Problems.Field("group", $"No group \"{request.Group}\" in the directory.");

        // Claimed first, guarded by the record's ETag: of two people assigning at once, one wins; and a crash
        // after the claim leaves it Received with its assignment, which the recovery sweep registers.
        record.LiaisonId = ls.Liaison.Id;
        record.GroupId = group.Id;
        record.AssignedBy = caller.Name;
        record.Move(InboundStatus.Received, caller.Name, $"Assigned to LS {ls.Liaison.Id} as the reply of {group.Name} by {caller.Name}.", clock.GetUtcNow());
        if (!await store.UpdateAsync(record, http.RequestAborted)) return Changed(id);
        record = await registrar.ProcessAsync(record, durable, http.RequestAborted);
        if (record.State != InboundStatus.Registered)
            return Problems.Conflict($"The mail was not registered: {record.ReasonDetail ?? record.State.ToString()}", new Dictionary<string, object?> { ["status"] = record.State.ToString() });
        return Results.Json(InboundView.Of(record), ApiJson.Options);
    }

    public async Task<IResult> DismissAsync(HttpContext http, string id)
    {
        if (access.Require(http, out var caller, Role.Secretariat) is { } denied) return denied;
        var (request, problem) = await RequestBody.ReadAsync<DismissInboundRequest>(http.Request);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(request!.Reason)) return Problems.Field("reason", "Say why the mail is dismissed, e.g. \"spam\".");
        if (FieldRules.TextProblem(request.Reason, FieldRules.MaxReasonLength, multiline: true) is { } reasonProblem) return Problems.Field("reason", reasonProblem);

        if (await FindAsync(id, http.RequestAborted) is not { } record) return Problems.NotFound($"No inbound mail \"{id}\".");
        if (record.State != InboundStatus.Unmatched) return NotInPen(record);
        record.Move(InboundStatus.Dismissed, caller.Name, $"Dismissed by {caller.Name}: {request.Reason.Trim()}", clock.GetUtcNow());
        if (!await store.UpdateAsync(record, http.RequestAborted)) return Changed(id);
        return Results.Json(InboundView.Of(record), ApiJson.Options);
    }

    async Task<InboundRecord?> FindAsync(string id, CancellationToken ct) =>
        id.Length is > 3 and <= 64 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') ? await store.GetAsync(id, ct) : null;

    static IResult NotInPen(InboundRecord record) =>
        Problems.Conflict($"The mail is {record.State}, not in the holding pen.", new Dictionary<string, object?> { ["status"] = record.State.ToString() });

    static IResult Changed(string id) =>
        Problems.Conflict($"Inbound mail \"{id}\" was changed by someone else meanwhile; read it again.");

    /// <summary>
    /// Null when the request carries the webhook's Basic credentials. Closed (503) while none are configured,
    /// so the route is never open; 401 with a Basic challenge otherwise.
    /// </summary>
    IResult? WebhookDenied(HttpContext http)
    {
        var settings = options.Value.Inbound;
        if (!settings.WebhookConfigured)
            return Results.Problem("Inbound mail is off: set LiaisonFlow:Inbound:Username and Password.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Inbound mail not configured");
        var header = http.Request.Headers.Authorization.ToString();
        string? user = null, password = null;
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':');
                if (colon >= 0) (user, password) = (pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException)
            {
            }
        }
        // Both compared, in constant time, whatever the first one gave.
        var userMatches = SameSecret(user, settings.Username!);
        var passwordMatches = SameSecret(password, settings.Password!);
        if (userMatches & passwordMatches) return null;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"LiaisonFlow inbound\", charset=\"UTF-8\"";
        return Results.Problem("Send the webhook's credentials: https://<user>:<password>@<host>/api/inbound/sendgrid.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
    }

    // Hashes first: FixedTimeEquals is constant-time only for inputs of the same length.
    static bool SameSecret(string? given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given ?? "")), SHA256.HashData(Encoding.UTF8.GetBytes(expected))) && given is not null;
}
