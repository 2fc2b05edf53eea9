using Azure.Data.Tables;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Workflow;

/// <summary>
/// The workflow's one step: reads the stored LS and does what it owes now — brings its indexes in step
/// after a crash, numbers and dispatches an endorsed LS, reminds the chair, chases replies, closes the
/// LS when every reply is in, queues its summary, and sends queued mail — each change through
/// <see cref="LiaisonLedger"/>, keyed, so running the step twice (a retry, a crash, a replay) does
/// nothing the second time. It works from storage alone, so it resumes from any state.
/// </summary>
public sealed class LiaisonSteps(
    LiaisonStore store,
    LiaisonLedger ledger,
    MeetingStore meetings,
    GroupStore groups,
    LiaisonNumbering numbering,
    LiaisonIndexes indexes,
    MailOutbox outbox,
    CalendarClock calendar,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options,
    ILogger<LiaisonSteps> logger,
    Inbound.ReplyAddresses replyAddresses,
    ReplyChain chain)
{
    /// <summary>Rows one tracking round writes at most; the rest falls due again at once (a transaction holds 100).</summary>
    const int MaxTrackingRows = 90;

    public async Task<AdvanceResult> AdvanceAsync(AdvanceRequest request)
    {
        // The orchestration's time, or later: a step may act on a change stored after the orchestration's
        // episode began (it reads the LS afresh), and its history line must not come before that change.
        DateTimeOffset Now() => Utc(request.At) is var asked && asked > clock.GetUtcNow() ? asked : clock.GetUtcNow();
        var s = await store.ReadAsync(request.LiaisonId);
        if (s is null) return new AdvanceResult(LiaisonState.Withdrawn, true, null, null);
        await indexes.EnsureCurrentAsync(s);

        OutboxResult sent;
        for (var round = 0; ; round++)
        {
            // Each step moves the LS on; the next one works on what the last one stored (the ledger's snapshot after its commit).
            for (var steps = 0; steps < 50 && await StepAsync(s, Now()) is { } after; steps++)
                s = after;

            var seen = s.Version;
            sent = await outbox.DeliverAsync(s);
            s = await store.ReadAsync(request.LiaisonId) ?? s;
            // A change that came in while the mail went (a close, a reply) is worked on before the result is told.
            if (s.Version == seen || round == 5) break;
        }

        var reminderDue = ChairReminderDue(s);
        var wake = Earliest(reminderDue is { } due && !Reminded(s) ? due : null, sent.RetryAt);
        if (LiaisonRules.IsTracked(s.State) && s.Liaison.ChasingSince is not null)
        {
            var now = Now();
            var plan = Plan(s, now);
            // Due since the last step looked (it began a moment before the time, or the mail took that long): the next
            // execution does it at once. Waiting for what is due next would skip a reminder, or an escalation for ever.
            if (plan.DueNow) wake = Earliest(wake, now);
            else if (plan.NextDue is { } next) wake = Earliest(wake, calendar.ToReal(next));
        }
        await ledger.MarkHandledAsync(s);

        var mailLeft = s.Mail.Any(m => m.State is MailStatus.Queued or MailStatus.Sending);
        return new AdvanceResult(s.State, LiaisonTransitions.IsFinal(s.State) && !mailLeft, wake?.UtcDateTime, reminderDue?.UtcDateTime);
    }

    /// <summary>Does the one thing the LS owes next and answers the LS as stored after it; null when it owes nothing now.</summary>
    async Task<LiaisonSnapshot?> StepAsync(LiaisonSnapshot s, DateTimeOffset at)
    {
        var ls = s.Liaison;
        // The reply chain first: a link a crash left half made is made now (each half is idempotent).
        if (ReplyChain.OwesAnswerLink(s)) return await chain.LinkAnswerAsync(s, at) ? await store.ReadAsync(s.Id) : null;
        if (ReplyChain.OwesReplyLink(s)) return await chain.LinkReplyAsync(s, at) ? await store.ReadAsync(s.Id) : null;
        switch (s.State)
        {
            case LiaisonState.Endorsed when ls.Number is null:
                return await NumberAsync(s, at);
            case LiaisonState.Endorsed:
                return await DispatchAsync(s, at);
            case LiaisonState.AwaitingEndorsement when ChairReminderDue(s) is { } due && due <= at && !Reminded(s):
                return await RemindChairAsync(s, at);
            case LiaisonState.AwaitingReplies when ReplyTracking.AllReplied(ls.Addressees):
                var closed = await ledger.ChangeAsync(s, LiaisonChanges.CloseAllReplied(at));
                if (closed.Outcome == ChangeOutcome.Applied) FaultPoints.Hit(FaultPoint.Closed);
                return await MovedAsync(s.Id, closed);
            case LiaisonState.AwaitingReplies when ls.ChasingSince is not null:
                return await TrackAsync(s, at);
            // An incoming LS only tracks its deadline: our responsible group is chased as an addressee of ours would be.
            case LiaisonState.Received when ls.ChasingSince is not null:
                return await TrackAsync(s, at);
            case LiaisonState.Closed when ls.Contact is not null && s.Mail.All(m => m.Key != ReplyMails.SummaryKey):
                return await QueueSummaryAsync(s, at);
            default:
                return null;
        }
    }

    /// <summary>The LS after a change that was applied (the ledger's snapshot, or a read if it has none); null when nothing was.</summary>
    async Task<LiaisonSnapshot?> MovedAsync(string id, ChangeResult? result) =>
        result is { Outcome: ChangeOutcome.Applied } applied ? applied.Current ?? await store.ReadAsync(id) : null;

    /// <summary>Numbers an LS endorsed without its number: the endorse request died between its two writes, or an import or release left it so.</summary>
    async Task<LiaisonSnapshot?> NumberAsync(LiaisonSnapshot s, DateTimeOffset at) =>
        await MovedAsync(s.Id, await numbering.NumberAsync(s.Liaison, at));

    async Task<LiaisonSnapshot?> DispatchAsync(LiaisonSnapshot s, DateTimeOffset at)
    {
        var meeting = await meetings.GetAsync(s.Liaison.MeetingId);
        var directory = await groups.GetDirectoryAsync();
        var baseUrl = options.Value.PublicBaseUrl;
        var result = await ledger.ChangeAsync(s, LiaisonChanges.Dispatch(current =>
        {
            var ls = current.Liaison;
            var mails = new List<MailEntity>();
            var unreachable = new List<string>();
            foreach (var addressee in ls.Addressees)
            {
                if (directory.Find(addressee.GroupId) is not { Email: not null } group) { unreachable.Add(addressee.GroupId); continue; }
                var mail = LiaisonMails.Dispatch(ls, addressee, group, meeting, current.Details.Documents, baseUrl);
                mails.Add(Queue(mail with { ReplyTo = ReplyAddress(ls.Id, group.Id, meeting) ?? mail.ReplyTo }, at));
            }
            if (unreachable.Count > 0) logger.LogWarning("LS {LiaisonId}: no address for {Groups}", ls.Id, string.Join(", ", unreachable));
            var detail = $"Queued for {mails.Count} group(s)." + (unreachable.Count > 0 ? $" No address for: {string.Join(", ", unreachable)}." : "");
            // After the numbering line, which may carry the same step time.
            return (mails, new HistoryEntry(at.AddTicks(1), "dispatch", LiaisonEvent.Dispatched, "LiaisonFlow", detail, LiaisonState.Dispatched));
        }, calendar.DateOf(at), calendar.ToCalendar(at), at));
        if (result.Outcome == ChangeOutcome.Applied) FaultPoints.Hit(FaultPoint.Dispatched);
        return await MovedAsync(s.Id, result);
    }

    DateTimeOffset? ChairReminderDue(LiaisonSnapshot s) =>
        s.State == LiaisonState.AwaitingEndorsement && s.Liaison.AwaitingDecisionSince is { } since ? since + options.Value.ChairReminderAfter : null;

    static bool Reminded(LiaisonSnapshot s) =>
        s.Liaison.AwaitingDecisionSince is { } since && s.Mail.Any(m => m.Key == LiaisonMails.ChairReminderKey(since));

    async Task<LiaisonSnapshot?> RemindChairAsync(LiaisonSnapshot s, DateTimeOffset at)
    {
        var meeting = await meetings.GetAsync(s.Liaison.MeetingId);
        if (meeting?.Chair is null)
        {
            logger.LogWarning("LS {LiaisonId}: meeting {MeetingId} has no chair address; no reminder sent.", s.Id, s.Liaison.MeetingId);
            return null;
        }
        var mail = LiaisonMails.ChairReminder(s.Liaison, meeting, s.Liaison.AwaitingDecisionSince!.Value, options.Value.PublicBaseUrl);
        var result = await ledger.ChangeAsync(s, LiaisonChanges.QueueMail(Queue(mail, at),
            new HistoryEntry(at, mail.Key, LiaisonEvent.ChairReminded, "LiaisonFlow", $"Reminded {meeting.Chair.Name} that the LS awaits the plenary's decision.", null),
            LiaisonState.AwaitingEndorsement));
        if (result.Outcome == ChangeOutcome.Applied) FaultPoints.Hit(FaultPoint.ChairReminderQueued);
        return await MovedAsync(s.Id, result);
    }

    async Task<LiaisonSnapshot?> QueueSummaryAsync(LiaisonSnapshot s, DateTimeOffset at)
    {
        var meeting = await meetings.GetAsync(s.Liaison.MeetingId);
        var reason = s.Details.History.LastOrDefault(h => h.State == LiaisonState.Closed)?.Detail.Replace("Closed: ", "", StringComparison.Ordinal) ?? "closed.";
        var mail = ReplyMails.Summary(s.Liaison, s.Details.Replies, await groups.GetDirectoryAsync(), reason, meeting);
        return await MovedAsync(s.Id, await ledger.ChangeAsync(s, LiaisonChanges.QueueMail(Queue(mail, at), null, LiaisonState.Closed)));
    }

    ChaserPlan Plan(LiaisonSnapshot s, DateTimeOffset at)
    {
        var chasers = options.Value.Chasers;
        return ReplyTracking.Plan(s.Liaison.Addressees, s.TrackedKeys, chasers.ParsedOffsets(), chasers.EscalationAfter, s.Liaison.ChasingSince!.Value, calendar.ToCalendar(at));
    }

    /// <summary>One reply-tracking round: the chasers, overdue notes and escalations due, with their mail, in one transaction.</summary>
    async Task<LiaisonSnapshot?> TrackAsync(LiaisonSnapshot s, DateTimeOffset at)
    {
        var meeting = await meetings.GetAsync(s.Liaison.MeetingId);
        var directory = await groups.GetDirectoryAsync();
        var chasers = options.Value.Chasers;
        var now = calendar.ToCalendar(at);
        var today = Geneva.DateOf(now);
        var baseUrl = options.Value.PublicBaseUrl;

        var result = await ledger.ChangeAsync(s, LiaisonChanges.Track(current =>
        {
            var ls = current.Liaison;
            var plan = ReplyTracking.Plan(ls.Addressees, current.TrackedKeys, chasers.ParsedOffsets(), chasers.EscalationAfter, ls.ChasingSince!.Value, now);
            var rows = new List<ITableEntity>();
            var id = current.Id;
            TrackEntity Track(string key, TrackOutcome outcome) => TrackEntity.From(id, new TrackedStep(key, outcome, at));
            HistoryEntity History(string key, LiaisonEvent e, string detail) => HistoryEntity.From(id, new HistoryEntry(at, key, e, "LiaisonFlow", detail, null));

            foreach (var slot in plan.Skip) { if (rows.Count >= MaxTrackingRows) break; rows.Add(Track(slot.Key, TrackOutcome.Skipped)); }
            var due = new List<(ChaserSlot Slot, Addressee Addressee, Group Group)>();
            foreach (var slot in plan.Send)
            {
                if (rows.Count + 3 > MaxTrackingRows) break;
                var group = directory.Find(slot.GroupId);
                if (group?.Email is null)
                {
                    logger.LogWarning("LS {LiaisonId}: no address to chase {GroupId}", id, slot.GroupId);
                    rows.Add(Track(slot.Key, TrackOutcome.NoAddress));
                    continue;
                }
                rows.Add(Track(slot.Key, TrackOutcome.Sent));
                due.Add((slot, ls.Addressees.Single(a => a.GroupId == slot.GroupId), group));
            }
            if (due.Count > 0)
            {
                var batch = ReplyMails.Chasers(ls, meeting, due, current.Details.Documents, today, baseUrl);
                var batchId = $"chasers|{at:yyyyMMddHHmmssfff}";
                rows.AddRange(batch.Recipients.Zip(due, (r, d) =>
                    MailEntity.Queue(id, MailKind.Chaser, batchId, WithMessageId(id, r), batch.BodyTemplate,
                        // Our own group answers an incoming LS with an LS of ours, not by mail to a reply address.
                        (ls.Direction == Direction.Outgoing ? ReplyAddress(id, d.Group.Id, meeting) : null) ?? batch.ReplyTo, at)));
                rows.Add(History(batchId, LiaisonEvent.ChasersSent,
                    "Reminded " + string.Join("; ", due.Select(d => $"{d.Group.Name} ({Offset(d.Slot.Offset)})")) + "."));
            }
            foreach (var note in plan.Overdue)
            {
                if (rows.Count + 2 > MaxTrackingRows) break;
                rows.Add(Track(note.Key, TrackOutcome.Noted));
                rows.Add(History(note.Key, LiaisonEvent.Overdue, $"{directory.Find(note.GroupId)?.Name ?? note.GroupId} has not replied by {ReplyMails.Date(note.DeadlineDate)}."));
            }
            foreach (var slot in plan.Escalate)
            {
                if (rows.Count + 3 > MaxTrackingRows) break;
                var reachable = meeting is not null && (meeting.Chair is not null || meeting.Secretariat is not null);
                rows.Add(Track(slot.Key, reachable ? TrackOutcome.Sent : TrackOutcome.NoAddress));
                if (reachable) rows.Add(Queue(ReplyMails.Escalation(ls, meeting!, slot, directory, today), at));
                rows.Add(History(slot.Key, LiaisonEvent.Escalated,
                    $"Told the chair and the secretariat that {slot.GroupIds.Count} group(s) have not replied: {string.Join(", ", slot.GroupIds)}."));
            }
            return rows;
        }));
        if (result.Outcome == ChangeOutcome.Applied) FaultPoints.Hit(FaultPoint.TrackingStored);
        return await MovedAsync(s.Id, result);
    }

    MailEntity Queue(OutgoingMail mail, DateTimeOffset at)
    {
        var copy = WithMessageId(mail.LiaisonId, new BatchRecipient(mail.Key, mail.To, mail.Subject, new Dictionary<string, string>()));
        return MailEntity.Queue(mail.LiaisonId, mail.Kind, mail.Key, copy, mail.Body, mail.ReplyTo, at);
    }

    /// <summary>The group's own reply address for the LS, when reply addresses are on: a reply to it registers itself.</summary>
    MailRecipient? ReplyAddress(string liaisonId, string groupId, Meeting? meeting) =>
        replyAddresses.For(liaisonId, groupId, meeting?.Secretariat?.Name);

    BatchRecipient WithMessageId(string liaisonId, BatchRecipient copy) =>
        copy with { MessageId = MailIds.MessageId(liaisonId, copy.Key, MessageIdDomain) };

    /// <summary>Message-IDs are under the sender's domain.</summary>
    string MessageIdDomain => options.Value.Mail.From.LastIndexOf('@') is var at and >= 0 ? options.Value.Mail.From[(at + 1)..] : "liaisonflow.invalid";

    static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    static string Offset(TimeSpan offset) => offset == TimeSpan.Zero ? "on the day"
        : offset < TimeSpan.Zero ? $"{Span(-offset)} before" : $"{Span(offset)} after";

    static string Span(TimeSpan span) => span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} days" : span.ToString();

    /// <summary>Orchestration times arrive as DateTime of unspecified kind after serialization; they are UTC.</summary>
    internal static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
