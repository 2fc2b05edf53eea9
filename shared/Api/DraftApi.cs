using LiaisonFlow.Domain;
using LiaisonFlow.Import;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using LiaisonFlow.Hosting;

namespace LiaisonFlow.Api;

/// <summary>
/// A rapporteur corrects a draft before submitting it: PATCH /api/liaisons/{id} with any of the fields of
/// <see cref="DraftEditRequest"/>. The draft as it would read is validated by the rules of a new LS, then the
/// change is decided on the stored draft in one guarded write, with a history line listing what changed.
/// </summary>
public sealed class DraftApi(
    Access access,
    LiaisonStore liaisons,
    LiaisonLedger ledger,
    MeetingStore meetings,
    GroupStore groups,
    MeetingImporter importer,
    IncomingRegistration incoming,
    CalendarClock calendar,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options)
{
    public async Task<IResult> EditAsync(HttpContext http, string id)
    {
        if (access.Require(http, out var caller, Role.Rapporteur) is { } denied) return denied;
        if (!VersionTag.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.Field("If-Match", "Send the ETag of GET /api/liaisons/{id} as it came, e.g. If-Match: \"7\".");
        var (request, problem) = await RequestBody.ReadAsync<DraftEditRequest>(http.Request);
        if (problem is not null) return problem;

        var stored = await liaisons.ReadAsync(id, http.RequestAborted);
        if (stored is null) return Problems.NotFound($"No LS \"{id}\".");
        var fields = request!.Fields();
        if (fields.Count == 0) return Problems.Field("$", $"Name at least one field to change: {string.Join(", ", Enum.GetNames<DraftField>().Select(Camel))}.");

        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        var meeting = await meetings.GetAsync(stored.Liaison.MeetingId, http.RequestAborted);
        var errors = new ValidationErrors();
        var edited = await importer.LiaisonAsync(request.MergedWith(stored.Liaison), "", meeting, directory, errors, http.RequestAborted);
        // The incoming LS this one answers: "" clears it; anything else must name an incoming LS.
        string? inReplyTo = null;
        if (!string.IsNullOrWhiteSpace(request.InReplyTo))
        {
            (inReplyTo, var inReplyToProblem) = await incoming.InReplyToAsync(request.InReplyTo, http.RequestAborted);
            if (inReplyToProblem is not null) errors.Add("inReplyTo", inReplyToProblem);
        }
        if (errors.Any || edited is null) return Problems.Validation(errors.ToDictionary(), "The draft would have invalid fields; nothing was changed.");
        edited = edited with { InReplyTo = inReplyTo };

        var key = LiaisonApi.CommandKey(http, "edit");
        var result = await ledger.ChangeAsync(id, (s, c) =>
            LiaisonChanges.EditDraft(new DraftEdit(edited, fields), expectedVersion, key, caller.Name, clock.GetUtcNow())(s, c), http.RequestAborted);
        if (Problems.Of(result, id) is { } refused) return refused;
        VersionTag.Set(http, result.Current!.Version);
        return Results.Json(LiaisonView.From(result.Current, directory, options.Value.PublicBaseUrl, calendar.Now), ApiJson.Options);
    }

    static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>
/// A draft edit: a field left out (or null) stays as it is; "" clears subject, td, questions or approval;
/// a given <c>addressees</c> replaces the whole list; <c>inReplyTo</c> names the incoming LS the draft answers ("" clears it).
/// </summary>
public sealed record DraftEditRequest(
    string? Title, string? Subject, string? Td, string? Questions, string? Approval, ContactDto? Contact, List<AddresseeDto>? Addressees,
    string? InReplyTo = null)
{
    public IReadOnlySet<DraftField> Fields()
    {
        var given = new HashSet<DraftField>();
        if (Title is not null) given.Add(DraftField.Title);
        if (Subject is not null) given.Add(DraftField.Subject);
        if (Td is not null) given.Add(DraftField.Td);
        if (Questions is not null) given.Add(DraftField.Questions);
        if (Approval is not null) given.Add(DraftField.Approval);
        if (Contact is not null) given.Add(DraftField.Contact);
        if (Addressees is not null) given.Add(DraftField.Addressees);
        if (InReplyTo is not null) given.Add(DraftField.InReplyTo);
        return given;
    }

    /// <summary>The draft as it would read after the edit, in the shape a new LS is validated in.</summary>
    public LiaisonDto MergedWith(LiaisonStatement draft) => new()
    {
        Id = draft.Id,
        Title = Title ?? draft.Title,
        Subject = Cleared(Subject) ?? (Subject is null ? draft.Subject : null),
        SourceBody = draft.SourceBody,
        SourceGroup = draft.SourceGroup,
        Td = Cleared(Td) ?? (Td is null ? draft.Td?.ToString() : null),
        Questions = Cleared(Questions) ?? (Questions is null ? draft.Questions : null),
        Approval = Cleared(Approval) ?? (Approval is null ? draft.Approval : null),
        Contact = Contact ?? (draft.Contact is { } c ? new ContactDto { Name = c.Name, Email = c.Email } : null),
        ReportSection = draft.ReportSection,
        Notes = draft.Notes,
        // The stored groups by id: each resolves to itself, so the list reads back as it is.
        Addressees = Addressees ?? [.. draft.Addressees.Select(a => new AddresseeDto { Group = a.GroupId, Purpose = a.Purpose.ToString(), Deadline = a.Deadline.Raw })],
    };

    /// <summary>The given value, or null when it is blank (the field is cleared) or not given.</summary>
    static string? Cleared(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
