using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Workflow;

/// <summary>
/// The activities of the reply phase: chase, note overdue groups, escalate, close. Each works from
/// stored state and marks what it did under a key, so running it twice does nothing the second time.
/// </summary>
public sealed class ReplySteps(
    LiaisonStore liaisons,
    MeetingStore meetings,
    GroupStore groups,
    LiaisonIndexes indexes,
    Mailer mailer,
    CalendarClock calendar,
    IOptions<LiaisonFlowOptions> options,
    ILogger<ReplySteps> logger)
{
    public async Task<TrackResult> TrackAsync(TrackRequest request)
    {
        var details = await liaisons.GetDetailsAsync(request.LiaisonId) ?? throw new InvalidOperationException($"LS {request.LiaisonId} is not stored.");
        var ls = details.Liaison;
        var allReplied = ReplyTracking.AllReplied(ls.Addressees);
        if (ls.ChasingSince is not { } since || allReplied) return new TrackResult(allReplied, null, 0, 0);

        var chasers = options.Value.Chasers;
        var now = calendar.ToCalendar(LiaisonSteps.Utc(request.At));
        var plan = ReplyTracking.Plan(ls.Addressees, await liaisons.GetTrackedAsync(ls.Id), chasers.ParsedOffsets(), chasers.EscalationAfter, since, now);
        var today = Geneva.DateOf(now);
        var meeting = await meetings.GetAsync(ls.MeetingId);
        var directory = await groups.GetDirectoryAsync();
        var history = new List<HistoryEntry>();
        var done = new List<(string Key, string Outcome)>();

        var due = plan.Send
            .Select(slot => (Slot: slot, Addressee: ls.Addressees.Single(a => a.GroupId == slot.GroupId), Group: directory.Find(slot.GroupId)))
            .ToList();
        var reachable = due.Where(d => d.Group?.Email is not null).Select(d => (d.Slot, d.Addressee, d.Group!)).ToList();
        if (reachable.Count > 0)
        {
            await mailer.SendOnceAsync(ReplyMails.Chasers(ls, meeting, reachable, details.Documents, today, options.Value.PublicBaseUrl));
            history.Add(new HistoryEntry(LiaisonSteps.Utc(request.At), $"chasers|{request.At:yyyyMMddHHmmssfff}", "ChasersSent", "LiaisonFlow",
                "Reminded " + string.Join("; ", reachable.Select(r => $"{r.Item3.Name} ({Offset(r.Slot.Offset)})")) + ".", null));
        }
        foreach (var (slot, _, group) in due.Where(d => d.Group?.Email is null))
            logger.LogWarning("LS {LiaisonId}: no address to chase {GroupId}", ls.Id, slot.GroupId);
        done.AddRange(plan.Send.Select(s => (s.Key, "Sent")));
        done.AddRange(plan.Skip.Select(s => (s.Key, "Skipped")));

        foreach (var note in plan.Overdue)
        {
            done.Add((note.Key, "Noted"));
            history.Add(new HistoryEntry(LiaisonSteps.Utc(request.At), note.Key, "Overdue", "LiaisonFlow",
                $"{directory.Find(note.GroupId)?.Name ?? note.GroupId} has not replied by {ReplyMails.Date(note.DeadlineDate)}.", null));
        }

        foreach (var slot in plan.Escalate)
        {
            if (meeting is not null && (meeting.Chair is not null || meeting.Secretariat is not null))
                await mailer.SendOnceAsync(ReplyMails.Escalation(ls, meeting, slot, directory, today));
            done.Add((slot.Key, "Sent"));
            history.Add(new HistoryEntry(LiaisonSteps.Utc(request.At), slot.Key, "Escalated", "LiaisonFlow",
                $"Told the chair and the secretariat that {slot.GroupIds.Count} group(s) have not replied: {string.Join(", ", slot.GroupIds)}.", null));
        }

        if (done.Count > 0)
        {
            await liaisons.MarkTrackedAsync(ls.Id, done, LiaisonSteps.Utc(request.At), history);
            await indexes.SyncAsync(ls.Id);
        }
        DateTime? wake = plan.NextDue is { } next ? calendar.ToReal(next).UtcDateTime : null;
        return new TrackResult(false, wake, plan.Send.Count, plan.Escalate.Count);
    }

    public async Task<bool> CloseAsync(CloseRequest request)
    {
        var details = await liaisons.GetDetailsAsync(request.LiaisonId) ?? throw new InvalidOperationException($"LS {request.LiaisonId} is not stored.");
        var ls = details.Liaison;
        if (ls.Contact is not null)
        {
            var meeting = await meetings.GetAsync(ls.MeetingId);
            await mailer.SendOnceAsync(ReplyMails.Summary(ls, details.Replies, await groups.GetDirectoryAsync(), request.Reason, meeting));
        }
        await liaisons.RecordStateAsync(ls.Id, LiaisonState.Closed,
            new HistoryEntry(LiaisonSteps.Utc(request.At), request.Key, "StateChanged", request.Actor, $"Closed: {request.Reason}", LiaisonState.Closed));
        await indexes.SyncAsync(ls.Id);
        return true;
    }

    static string Offset(TimeSpan offset) => offset == TimeSpan.Zero ? "on the day"
        : offset < TimeSpan.Zero ? $"{Span(-offset)} before" : $"{Span(offset)} after";

    static string Span(TimeSpan span) => span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} days" : span.ToString();
}
