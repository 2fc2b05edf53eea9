using System.Globalization;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Import;

public sealed record ImportedLiaison(string Id, string? Number, LiaisonState State, string Outcome, int Addressees);

public sealed record ImportReport(string MeetingId, WriteOutcome Meeting, int GroupsWritten, IReadOnlyList<ImportedLiaison> Liaisons);

/// <summary>
/// Imports a meeting's LS set. The whole file is validated before anything is written; then each
/// write is idempotent (an LS already stored is left as it is, so re-importing changes and duplicates
/// nothing, and a later state is never rolled back). Historical states are imported without mail.
/// </summary>
public sealed class MeetingImporter(
    MeetingStore meetings,
    GroupStore groups,
    LiaisonLedger ledger,
    LiaisonStore liaisons,
    LiaisonIndexes indexes,
    LsNumberRegistry numbers,
    WorkflowStarter workflows,
    CalendarClock calendar,
    TimeProvider clock)
{
    /// <param name="chase">Chase the groups that still owe replies to the imported LSs, from now on.</param>
    public async Task<ImportReport> ImportAsync(MeetingImportFile file, string actor, DurableTaskClient durable, bool chase = false, CancellationToken ct = default)
    {
        var (meeting, directoryGroups, imported) = await ValidateAsync(file, ct);
        var statements = chase
            ? imported.Select(ls => ls.State == LiaisonState.AwaitingReplies ? ls with { ChasingSince = calendar.Now } : ls).ToList()
            : imported;

        var meetingOutcome = await meetings.UpsertAsync(meeting, ct);
        var groupsWritten = await groups.UpsertAsync(directoryGroups, ct);
        // Numbers first: a crash after this leaves them held by LSs the next import creates, never an
        // LS carrying a number the registry could give to another.
        var numbered = statements.Where(l => l.Number is not null).ToList();
        var reservations = await numbers.ReserveAllAsync(meeting.Id, [.. numbered.Select(l => (l.Number!, l.Id))], ct);
        for (var i = 0; i < numbered.Count; i++)
            if (reservations[i] == NumberReservation.TakenByAnother)
                throw new ImportValidationException(new ValidationErrors().With($"liaisons[{statements.ToList().IndexOf(numbered[i])}].number", $"{numbered[i].Number} is already held by another LS."));

        // Each LS is one transaction of its own partition, so LSs go in parallel; bounded, so a large file
        // does not flood the store (and its throttling) at once. The report keeps the file's order.
        var report = new ImportedLiaison[statements.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, statements.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (i, token) => report[i] = await ImportLiaisonAsync(statements[i], meeting, actor, durable, token));
        return new ImportReport(meeting.Id, meetingOutcome, groupsWritten, report);
    }

    /// <summary>LSs imported at once.</summary>
    const int Concurrency = 8;

    /// <summary>
    /// One LS: an LS already stored is left as it is, read with one point read and its indexes' versions
    /// with two more (re-importing an unchanged file writes nothing); a new one is created in one
    /// transaction by the ledger. Its workflow is nudged when the LS is new, or stored but not yet handled
    /// (an import cut off before it nudged; the recovery sweep would nudge it too).
    /// </summary>
    async Task<ImportedLiaison> ImportLiaisonAsync(LiaisonStatement ls, Meeting meeting, string actor, DurableTaskClient durable, CancellationToken ct)
    {
        if (await liaisons.GetRecordEntityAsync(ls.Id, ct) is { } existing)
        {
            var found = existing.ToDomain([]);
            // Indexed by an older LiaisonFlow, or cut off before its sync: brought in step (so re-importing a
            // meeting's file rebuilds its LSs' indexes); in step, nothing is written.
            if (!await indexes.IsCurrentAsync(ls.Id, existing.Version, ct) && await liaisons.ReadAsync(ls.Id, ct) is { } snapshot)
                await indexes.EnsureCurrentAsync(snapshot, ct);
            if (existing.PendingSince is not null) await workflows.TryNudgeAsync(durable, ls.Id, ct);
            return new ImportedLiaison(ls.Id, found.Number?.ToString(), found.State, "unchanged", ls.Addressees.Count);
        }
        var result = await ledger.CreateAsync(ls, new HistoryEntry(clock.GetUtcNow(), "import", LiaisonEvent.Imported, actor,
            $"Imported from the {meeting.Id} data in state {ls.State}; no mail sent{(ls.ChasingSince is null ? "" : "; replies will be chased")}.", ls.State), ct);
        FaultPoints.Hit(FaultPoint.ImportLiaisonStored);
        var stored = result.Current?.Liaison ?? ls;
        await workflows.TryNudgeAsync(durable, ls.Id, ct);
        return new ImportedLiaison(ls.Id, stored.Number?.ToString(), stored.State, result.Outcome == ChangeOutcome.Applied ? "created" : "unchanged", ls.Addressees.Count);
    }

    async Task<(Meeting, IReadOnlyList<Group>, IReadOnlyList<LiaisonStatement>)> ValidateAsync(MeetingImportFile file, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (file.FormatVersion != 1) errors.Add("formatVersion", "Only formatVersion 1 is understood.");

        var m = file.Meeting;
        if (m is null) errors.Add("meeting", "The meeting is required.");
        if (m is not null && !Slugs.IsValid(m.Id)) errors.Add("meeting.id", Slugs.Rule);
        // The body names the LS number series ("TSAG-LS8", "ISO/IEC JTC 1/SC 27-LS3"): it must make numbers that read back.
        if (m is not null && !LsNumber.TryCreateBody(m.Body, out _, out var bodyError)) errors.Add("meeting.body", $"The sending body (e.g. TSAG): {bodyError}");
        if (m is not null)
        {
            Text(m.Title, FieldRules.MaxTitleLength, "meeting.title", errors);
            Text(m.Place, FieldRules.MaxNameLength, "meeting.place", errors);
            Text(m.Sector, FieldRules.MaxNameLength, "meeting.sector", errors);
            Text(m.NextMeeting, FieldRules.MaxNameLength, "meeting.nextMeeting", errors);
        }
        if (m is not null && string.IsNullOrWhiteSpace(m.Title)) errors.Add("meeting.title", "A title is required.");
        var meeting = m is null ? null : new Meeting(m.Id ?? "", m.Body?.Trim() ?? "", m.Sector, m.Title ?? "", m.Place,
            Date(m.StartDate, "meeting.startDate", errors), Date(m.EndDate, "meeting.endDate", errors),
            Contact(m.Chair, "meeting.chair", errors), Contact(m.Secretariat, "meeting.secretariat", errors), m.NextMeeting);

        var fileGroups = new List<Group>();
        if ((file.Groups?.Count ?? 0) > MaxLiaisons) errors.Add("groups", $"An import file holds at most {MaxLiaisons} groups.");
        for (var i = 0; i < Math.Min(file.Groups?.Count ?? 0, MaxLiaisons); i++)
        {
            var at = $"groups[{i}]";
            if (file.Groups![i] is not { } g) { errors.Add(at, "A group is an object with id, name and e-mail."); continue; }
            // The id is a table key and part of URLs: a slug, always.
            if (!Slugs.IsValid(g.Id)) { errors.Add(F(at, "id"), "A group id such as \"itu-t-sg17\" is required. " + Slugs.Rule); continue; }
            if (string.IsNullOrWhiteSpace(g.Name)) errors.Add(F(at, "name"), "A name is required.");
            Text(g.Name, FieldRules.MaxGroupNameLength, F(at, "name"), errors);
            Text(g.Body, FieldRules.MaxNameLength, F(at, "body"), errors);
            if (g.Email is not null && (!IsEmail(g.Email) || g.Email.Length > FieldRules.MaxEmailLength)) errors.Add(F(at, "email"), $"\"{g.Email}\" is not an e-mail address.");
            if ((g.Addresses?.Count ?? 0) > MaxGroupAddresses) errors.Add(F(at, "addresses"), $"A group has at most {MaxGroupAddresses} addresses.");
            else
                for (var k = 0; k < (g.Addresses?.Count ?? 0); k++)
                    if (!IsSenderAddress(g.Addresses![k])) errors.Add(F(at, $"addresses[{k}]"), $"\"{g.Addresses[k]}\" is neither an e-mail address nor \"@domain\".");
            var names = (g.Aliases ?? []).Select((a, k) => (Value: a, Field: F(at, $"aliases[{k}]"))).Concat((g.Members ?? []).Select((m, k) => (Value: m, Field: F(at, $"members[{k}]"))));
            var namesOk = true;
            foreach (var (value, field) in names)
            {
                if (string.IsNullOrWhiteSpace(value)) { errors.Add(field, "A name is required."); namesOk = false; }
                else namesOk &= !Text(value, FieldRules.MaxGroupNameLength, field, errors);
            }
            if ((g.Aliases?.Count ?? 0) + (g.Members?.Count ?? 0) > 200) { errors.Add(at, "A group has at most 200 aliases and members."); continue; }
            namesOk &= !TooLongTogether(g.Aliases, F(at, "aliases"), errors) & !TooLongTogether(g.Members, F(at, "members"), errors);
            if (!namesOk) continue;
            if (fileGroups.Any(x => x.Id == g.Id)) errors.Add(F(at, "id"), $"The group \"{g.Id}\" appears twice.");
            fileGroups.Add(new Group(g.Id!, g.Name ?? g.Id!, g.Body ?? "", g.Email, g.Aliases ?? [], g.Members ?? []) { Addresses = g.Addresses ?? [] });
        }

        // The file's groups win over stored ones of the same id.
        var stored = await groups.GetDirectoryAsync(ct);
        var directory = new GroupDirectory(fileGroups.Concat(stored.All.Where(s => fileGroups.All(f => f.Id != s.Id))));
        for (var i = 0; i < fileGroups.Count; i++)
            for (var j = 0; j < fileGroups[i].Members.Count; j++)
                if (directory.Find(fileGroups[i].Members[j]) is null)
                    errors.Add($"groups[{i}].members[{j}]", $"No group \"{fileGroups[i].Members[j]}\" in the directory.");

        var statements = new List<LiaisonStatement>();
        if ((file.Liaisons?.Count ?? 0) > MaxLiaisons) errors.Add("liaisons", $"An import file holds at most {MaxLiaisons} LSs.");
        for (var i = 0; i < Math.Min(file.Liaisons?.Count ?? 0, MaxLiaisons); i++)
        {
            if (file.Liaisons![i] is not { } dto) { errors.Add($"liaisons[{i}]", "An LS is an object."); continue; }
            var ls = await LiaisonAsync(dto, $"liaisons[{i}]", meeting, directory, errors, ct);
            if (ls is null) continue;
            if (statements.Any(s => s.Id == ls.Id)) errors.Add($"liaisons[{i}].id", $"The id \"{ls.Id}\" appears twice.");
            if (ls.Number is not null && statements.Any(s => s.Number == ls.Number)) errors.Add($"liaisons[{i}].number", $"{ls.Number} appears twice.");
            statements.Add(ls);
        }

        if (errors.Any || meeting is null) throw new ImportValidationException(errors);
        return (meeting, fileGroups, statements);
    }

    /// <summary>Number aliases of one LS: stored as one table column, with room to spare at 40 characters each.</summary>
    public const int MaxNumberAliases = 20;

    /// <summary>
    /// Characters of a group's aliases together, and of its members together: each list is stored as one table column
    /// of JSON (<see cref="FieldRules.TableStringPropertyMaxChars"/>), where an escaped character can take six.
    /// </summary>
    public const int MaxGroupNamesLength = 4000;

    /// <summary>Adds a problem when the names together are longer than <see cref="MaxGroupNamesLength"/>; true when it did.</summary>
    static bool TooLongTogether(IReadOnlyCollection<string?>? names, string field, ValidationErrors errors)
    {
        var length = names?.Sum(n => n?.Length ?? 0) ?? 0;
        if (length <= MaxGroupNamesLength) return false;
        errors.Add(field, $"Together these have at most {MaxGroupNamesLength} characters; these have {length}.");
        return true;
    }

    /// <summary>LSs of one meeting: TSAG's largest meetings send a few dozen.</summary>
    public const int MaxLiaisons = 1000;

    /// <summary>Validates one LS of a file (or of a create request, with <paramref name="at"/> empty) against the directory.</summary>
    public async Task<LiaisonStatement?> LiaisonAsync(LiaisonDto d, string at, Meeting? meeting, GroupDirectory directory, ValidationErrors errors, CancellationToken ct)
    {
        var before = errors.ToDictionary().Count;
        if (!Slugs.IsValid(d.Id)) errors.Add(F(at, "id"), Slugs.Rule);
        if (string.IsNullOrWhiteSpace(d.Title)) errors.Add(F(at, "title"), "A title is required.");
        Text(d.Title, FieldRules.MaxTitleLength, F(at, "title"), errors);
        Text(d.Subject, FieldRules.MaxSubjectLength, F(at, "subject"), errors, multiline: true);
        Text(d.SourceGroup, FieldRules.MaxNameLength, F(at, "sourceGroup"), errors);
        Text(d.Questions, FieldRules.MaxQuestionsLength, F(at, "questions"), errors);
        Text(d.Approval, FieldRules.MaxApprovalLength, F(at, "approval"), errors);
        Text(d.ReportSection, FieldRules.MaxNameLength, F(at, "reportSection"), errors);
        Text(d.Notes, FieldRules.MaxNotesLength, F(at, "notes"), errors, multiline: true);
        if (d.Addressees is not { Count: > 0 }) errors.Add(F(at, "addressees"), "Name at least one addressee group.");
        else if (d.Addressees.Count > FieldRules.MaxAddressees) errors.Add(F(at, "addressees"), $"An LS has at most {FieldRules.MaxAddressees} addressee groups.");
        var sourceBody = string.IsNullOrWhiteSpace(d.SourceBody) ? meeting?.Body ?? "" : d.SourceBody.Trim();
        if (!string.IsNullOrWhiteSpace(d.SourceBody) && !LsNumber.TryCreateBody(d.SourceBody, out _, out var sourceBodyError)) errors.Add(F(at, "sourceBody"), sourceBodyError);

        LsNumber? number = null;
        var aliases = new List<string>();
        if ((d.NumberAliases?.Count ?? 0) > MaxNumberAliases) errors.Add(F(at, "numberAliases"), $"An LS has at most {MaxNumberAliases} number aliases.");
        for (var k = 0; k < Math.Min(d.NumberAliases?.Count ?? 0, MaxNumberAliases); k++)
        {
            if (d.NumberAliases![k] is not { } alias || Text(alias, 40, F(at, $"numberAliases[{k}]"), errors)) continue;
            aliases.Add(alias);
        }
        if (LsNumber.IsPlaceholder(d.Number)) { if (!string.IsNullOrWhiteSpace(d.Number)) aliases.Add(d.Number); }
        else if (!LsNumber.TryParse(d.Number, out number)) errors.Add(F(at, "number"), $"\"{d.Number}\" is not an LS number such as \"TSAG-LS2\".");
        else if (!number!.IsInSeriesOf(sourceBody)) errors.Add(F(at, "number"), $"{number} is not in the series of {sourceBody}.");
        // Only under a valid meeting id (a table key): an invalid one is reported as meeting.id, and nothing is imported.
        else if (Slugs.IsValid(meeting?.Id) && await numbers.OwnerAsync(meeting!.Id, number, ct) is { } owner && owner != d.Id) errors.Add(F(at, "number"), $"{number} is already held by {owner}.");

        TdReference? td = null;
        if (d.Td is not null && !TdReference.TryParse(d.Td, out td)) errors.Add(F(at, "td"), $"\"{d.Td}\" is not a TD reference such as \"TD102R1\".");

        // By name only: Enum.TryParse would also take "99" (no state at all) and "Draft, Held" (flags).
        var state = LiaisonState.Draft;
        if (d.State is not null && !Enum.GetNames<LiaisonState>().Contains(d.State, StringComparer.Ordinal)) errors.Add(F(at, "state"), $"\"{d.State}\" is not one of {string.Join(", ", Enum.GetNames<LiaisonState>())}.");
        else if (d.State is not null) state = Enum.Parse<LiaisonState>(d.State);
        // The file holds the meeting's own LSs; an incoming LS is registered as one (POST /api/liaisons, direction "incoming").
        if (LiaisonRules.IsIncomingState(state) && state != LiaisonState.Closed) errors.Add(F(at, "state"), $"{state} is a state of an incoming LS; the LSs of an import file are the meeting's own.");

        var addressees = new List<Addressee>();
        for (var j = 0; j < Math.Min(d.Addressees?.Count ?? 0, FieldRules.MaxAddressees); j++)
        {
            var where = F(at, $"addressees[{j}]");
            if (d.Addressees![j] is not { } a) { errors.Add(where, "An addressee is an object with group, purpose and deadline."); continue; }
            if (Text(a.Group, FieldRules.MaxNameLength, $"{where}.group", errors) | Text(a.Deadline, FieldRules.MaxNameLength, $"{where}.deadline", errors)) continue;
            if (!Purposes.TryParse(a.Purpose, out var purpose)) errors.Add($"{where}.purpose", $"\"{a.Purpose}\" is not Action, Comment or Information.");
            if (!Deadline.TryParse(a.Deadline, out var deadline, out var deadlineError)) errors.Add($"{where}.deadline", deadlineError ?? "Unrecognised deadline.");
            IReadOnlyList<Group> targets = [];
            try { targets = directory.Expand(a.Group ?? ""); }
            catch (UnknownGroupException e) { errors.Add($"{where}.group", e.Message); }
            foreach (var group in targets)
            {
                // A group named twice (SG17 for information and for action) is a mistake to fix, not one to guess at.
                if (addressees.FirstOrDefault(x => x.GroupId == group.Id) is { } twice)
                {
                    if (twice.Purpose != purpose || targets.Count == 1) errors.Add($"{where}.group", $"{group.Name} is already an addressee ({LiaisonMails.PurposeText(twice.Purpose)}).");
                    continue;
                }
                addressees.Add(Addressee.Create(group.Id, purpose, deadline, group.Id == GroupNames.Normalize(a.Group) ? null : a.Group));
            }
        }

        // Collectives expand here: the limit is on the groups the LS goes to, as LiaisonLedger writes them in one transaction.
        if (d.Addressees is { Count: <= FieldRules.MaxAddressees } && addressees.Count > FieldRules.MaxAddressees)
            errors.Add(F(at, "addressees"), $"An LS has at most {FieldRules.MaxAddressees} addressee groups; the groups named here expand to {addressees.Count}.");

        var ls = new LiaisonStatement
        {
            Id = d.Id ?? "",
            MeetingId = meeting?.Id ?? "",
            Number = number,
            NumberAliases = aliases,
            Title = d.Title ?? "",
            Subject = d.Subject,
            SourceBody = sourceBody,
            SourceGroup = d.SourceGroup,
            Td = td,
            Questions = string.IsNullOrWhiteSpace(d.Questions) ? null : d.Questions.Trim(),
            Approval = string.IsNullOrWhiteSpace(d.Approval) ? null : d.Approval.Trim(),
            Contact = Contact(d.Contact, F(at, "contact"), errors),
            State = state,
            EndorsedOn = Date(d.EndorsedOn, F(at, "endorsedOn"), errors),
            DispatchedOn = Date(d.DispatchedOn, F(at, "dispatchedOn"), errors),
            ReportSection = d.ReportSection,
            Notes = d.Notes,
            CreatedAt = clock.GetUtcNow(),
            Addressees = addressees,
        };
        return errors.ToDictionary().Count == before ? ls : null;
    }

    static string F(string at, string field) => at.Length == 0 ? field : $"{at}.{field}";

    /// <summary>Adds the field's problem (too long, control characters) if it has one; true when it did.</summary>
    static bool Text(string? value, int max, string field, ValidationErrors errors, bool multiline = false)
    {
        if (FieldRules.TextProblem(value, max, multiline) is not { } problem) return false;
        errors.Add(field, problem);
        return true;
    }

    static DateOnly? Date(string? text, string field, ValidationErrors errors)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, $"\"{text}\" is not a date of the form 2017-05-04.");
        return null;
    }

    static Contact? Contact(ContactDto? c, string field, ValidationErrors errors)
    {
        if (c is null) return null;
        if (!IsEmail(c.Email) || c.Email!.Length > 254) { errors.Add($"{field}.email", $"\"{c.Email}\" is not an e-mail address."); return null; }
        if (Text(c.Name, FieldRules.MaxNameLength, $"{field}.name", errors)) return null;
        return new Contact(string.IsNullOrWhiteSpace(c.Name) ? c.Email! : c.Name, c.Email!);
    }

    /// <summary>Addresses a group's replies may come from, besides its mailbox.</summary>
    const int MaxGroupAddresses = 20;

    /// <summary>An e-mail address, or "@domain" (any address of the domain).</summary>
    static bool IsSenderAddress(string? text) =>
        text is { Length: > 1 and <= FieldRules.MaxEmailLength } && (IsEmail(text) || (text[0] == '@' && IsEmail("x" + text)));

    public static bool IsEmail(string? text) => System.Net.Mail.MailAddress.TryCreate(text, out var a) && a.Address == text;
}
