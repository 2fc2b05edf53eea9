using LiaisonFlow.Domain;
using LiaisonFlow.Import;
using LiaisonFlow.Storage;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Workflow;

/// <summary>
/// What registers an incoming LS: the sending group, its own number for the LS ("SG2-LS12"), the title,
/// what it asks of us (<c>purpose</c>, <c>deadline</c>), the group of our body responsible for the reply
/// (default: the meeting's body), and optionally the LS of ours it replies to (<c>repliesTo</c>, number or id).
/// </summary>
public sealed record IncomingLiaisonFields(
    string? Id, string? MeetingId, string? FromGroup, string? Number, string? Title, string? Subject, string? Td,
    string? Purpose, string? Deadline, string? ResponsibleGroup, string? RepliesTo);

/// <summary>The outcome of registering an incoming LS: the invalid fields, or the ledger's result.</summary>
public sealed record IncomingRegistered(ValidationErrors Errors, ChangeResult? Result, string? Id);

/// <summary>
/// Registers an incoming LS (by hand, or from a message in the holding pen): validated here, naming each
/// field, then created in one write as <see cref="LiaisonState.Received"/>, its responsible group as its one
/// addressee (chased before the deadline if it asks for action or comment); if it replies to an LS of ours,
/// the reply is registered there (<see cref="ReplyChain"/>), and the orchestration started.
/// </summary>
public sealed class IncomingRegistration(
    LiaisonStore store,
    LiaisonLedger ledger,
    MeetingStore meetings,
    GroupStore groups,
    ReplyChain chain,
    WorkflowStarter workflows,
    CalendarClock calendar,
    TimeProvider clock)
{
    public async Task<IncomingRegistered> RegisterAsync(IncomingLiaisonFields f, string actor, DurableTaskClient durable, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var ls = await ValidateAsync(f, errors, ct);
        if (ls is null || errors.Any) return new IncomingRegistered(errors, null, null);

        var directory = await groups.GetDirectoryAsync(ct);
        var addressee = ls.Addressees[0];
        var asked = addressee.Purpose.ExpectsReply()
            ? $"asks {directory.Find(addressee.GroupId)?.Name ?? addressee.GroupId} for {addressee.Purpose.ToString().ToLowerInvariant()}{(addressee.Deadline.IsNone ? "" : $", {addressee.Deadline.Raw}")}"
            : $"for information of {directory.Find(addressee.GroupId)?.Name ?? addressee.GroupId}";
        var entry = new HistoryEntry(clock.GetUtcNow(), "create", LiaisonEvent.Received, actor,
            $"Incoming LS {ls.Number} received from {directory.Find(ls.SenderGroupId!)?.Name ?? ls.SenderGroupId}; it {asked}.", LiaisonState.Received);
        var result = await ledger.CreateAsync(ls, entry, ct);
        // A retry after a crash between the two writes makes the link now (it is keyed), as the step would.
        if (result.Current is { } created && await chain.LinkReplyAsync(created, clock.GetUtcNow(), ct))
            result = result with { Current = await store.ReadAsync(ls.Id, ct) ?? created };
        await workflows.TryNudgeAsync(durable, ls.Id, ct);
        // The LS of ours it replies to: the replying group's chasers stop, and the last reply closes it.
        if (ls.RepliesTo is { } ours) await workflows.TryNudgeAsync(durable, ours, ct);
        return new IncomingRegistered(errors, result, ls.Id);
    }

    /// <summary>The incoming LS the fields describe, or null with the problems added to <paramref name="errors"/>.</summary>
    async Task<LiaisonStatement?> ValidateAsync(IncomingLiaisonFields f, ValidationErrors errors, CancellationToken ct)
    {
        var meeting = Slugs.IsValid(f.MeetingId) ? await meetings.GetAsync(f.MeetingId!, ct) : null;
        if (meeting is null) errors.Add("meetingId", f.MeetingId is null ? "The meeting is required: the one at which the LS is registered." : $"No meeting \"{f.MeetingId}\"; import it first.");
        var directory = await groups.GetDirectoryAsync(ct);

        Group? sender = null;
        if (string.IsNullOrWhiteSpace(f.FromGroup)) errors.Add("fromGroup", "Name the group that sent the LS, e.g. \"ITU-T SG2\".");
        else if (FieldRules.TextProblem(f.FromGroup, FieldRules.MaxGroupNameLength) is { } p) errors.Add("fromGroup", p);
        else if ((sender = directory.Find(f.FromGroup)) is null) errors.Add("fromGroup", $"No group \"{f.FromGroup}\" in the directory.");

        LsNumber? number = null;
        if (string.IsNullOrWhiteSpace(f.Number)) errors.Add("number", "Give the LS's number as its sender numbered it, e.g. \"SG2-LS12\".");
        else if (FieldRules.TextProblem(f.Number, FieldRules.MaxReferenceLength) is { } p) errors.Add("number", p);
        else if (!LsNumber.TryParse(f.Number, out number) || number is null) errors.Add("number", $"\"{f.Number}\" is not an LS number such as \"SG2-LS12\".");
        else if (meeting is not null && number.IsInSeriesOf(meeting.Body)) errors.Add("number", $"{number} is a number of {meeting.Body}'s own series: an LS of ours is outgoing.");

        if (string.IsNullOrWhiteSpace(f.Title)) errors.Add("title", "A title is required.");
        else if (FieldRules.TextProblem(f.Title, FieldRules.MaxTitleLength) is { } p) errors.Add("title", p);
        if (FieldRules.TextProblem(f.Subject, FieldRules.MaxSubjectLength, multiline: true) is { } subjectProblem) errors.Add("subject", subjectProblem);
        TdReference? td = null;
        if (f.Td is not null && (FieldRules.TextProblem(f.Td, FieldRules.MaxReferenceLength) is not null || !TdReference.TryParse(f.Td, out td)))
            errors.Add("td", $"Not a TD reference such as \"TD66\".");

        if (!Purposes.TryParse(f.Purpose, out var purpose)) errors.Add("purpose", $"\"{f.Purpose}\" is not Action, Comment or Information.");
        var deadline = Domain.Deadline.None;
        if (f.Deadline is not null && FieldRules.TextProblem(f.Deadline, FieldRules.MaxNameLength) is { } deadlineText) errors.Add("deadline", deadlineText);
        else if (!Domain.Deadline.TryParse(f.Deadline, out deadline, out var deadlineError)) errors.Add("deadline", deadlineError ?? "Unrecognised deadline.");

        Group? responsible = null;
        var responsibleName = string.IsNullOrWhiteSpace(f.ResponsibleGroup) ? meeting?.Body : f.ResponsibleGroup;
        if (FieldRules.TextProblem(f.ResponsibleGroup, FieldRules.MaxGroupNameLength) is { } rp) errors.Add("responsibleGroup", rp);
        else if (responsibleName is not null && (responsible = directory.Find(responsibleName)) is null)
            errors.Add("responsibleGroup", $"No group \"{responsibleName}\" in the directory: name the group of {meeting?.Body ?? "our body"} that owes the reply.");

        string? repliesTo = null;
        if (f.RepliesTo is not null)
        {
            if (FieldRules.TextProblem(f.RepliesTo, FieldRules.MaxReferenceLength) is { } p) errors.Add("repliesTo", p);
            else if (await OursAsync(f.RepliesTo, ct) is not { } ours) errors.Add("repliesTo", $"No LS of ours \"{f.RepliesTo}\": give the number (\"TSAG-LS3\") or id of an LS we sent.");
            else if (!LiaisonRules.AcceptsReplies(ours.State)) errors.Add("repliesTo", $"{f.RepliesTo} is {ours.State}: it has not been sent, so it takes no replies.");
            else repliesTo = ours.Id;
        }

        // Derived from what the sender gave, so a retried registration lands on the same LS.
        var id = f.Id ?? (meeting is null ? null : td is not null ? $"{meeting.Id}-td{td.Number}" : number is null ? null : $"{meeting.Id}-in-{Slugs.From(number.ToString())}");
        if (id is not null && !Slugs.IsValid(id)) errors.Add("id", Slugs.Rule);
        if (errors.Any || meeting is null || sender is null || number is null || responsible is null || id is null) return null;

        return new LiaisonStatement
        {
            Id = id,
            MeetingId = meeting.Id,
            Direction = Direction.Incoming,
            Number = number,
            Title = f.Title!.Trim(),
            Subject = string.IsNullOrWhiteSpace(f.Subject) ? null : f.Subject.Trim(),
            SourceBody = number.Body,
            SenderGroupId = sender.Id,
            Td = td,
            State = LiaisonState.Received,
            ReceivedOn = calendar.Today,
            CreatedAt = clock.GetUtcNow(),
            RepliesTo = repliesTo,
            // Our group is chased before the deadline only when the LS asks something of us by a date.
            ChasingSince = purpose.ExpectsReply() && !deadline.IsNone ? calendar.Now : null,
            Addressees = [Addressee.Create(responsible.Id, purpose, deadline)],
        };
    }

    /// <summary>An outgoing LS of ours named by its id or number (any alias spelling).</summary>
    async Task<LiaisonStatement?> OursAsync(string text, CancellationToken ct)
    {
        var trimmed = text.Trim();
        var byId = Slugs.IsValid(trimmed) ? await store.GetAsync(trimmed, ct) : null;
        if (byId is { Direction: Direction.Outgoing }) return byId;
        var byNumber = await store.ListAsync(new LiaisonQuery(Number: trimmed), ct);
        return byNumber.FirstOrDefault(l => l.Direction == Direction.Outgoing);
    }

    /// <summary>An outgoing LS's <c>inReplyTo</c>: the id (or number) of an incoming LS; null and a problem naming the field when it is none.</summary>
    public async Task<(string? Id, string? Problem)> InReplyToAsync(string text, CancellationToken ct)
    {
        if (FieldRules.TextProblem(text, FieldRules.MaxReferenceLength) is { } p) return (null, p);
        var trimmed = text.Trim();
        var found = Slugs.IsValid(trimmed) ? await store.GetAsync(trimmed, ct) : null;
        if (found is not { Direction: Direction.Incoming })
            found = (await store.ListAsync(new LiaisonQuery(Number: trimmed), ct)).FirstOrDefault(l => l.Direction == Direction.Incoming);
        return found is null
            ? (null, $"No incoming LS \"{text}\": give the id or number (\"SG2-LS12\") of an incoming LS registered here.")
            : (found.Id, null);
    }
}
