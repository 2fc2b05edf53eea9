using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Workflow;

/// <summary>
/// The work behind each activity. Every step is idempotent: the orchestration passes the time and a
/// key, so a retried step rewrites the same rows and finds the mails it already sent in the mail log.
/// </summary>
public sealed class LiaisonSteps(
    LiaisonStore liaisons,
    MeetingStore meetings,
    GroupStore groups,
    LsNumberRegistry numbers,
    LiaisonIndexes indexes,
    Mailer mailer,
    CalendarClock calendar,
    IOptions<LiaisonFlowOptions> options,
    ILogger<LiaisonSteps> logger)
{
    public async Task<bool> RecordStateAsync(StateChange change)
    {
        await liaisons.RecordStateAsync(change.LiaisonId, change.State,
            new HistoryEntry(Utc(change.At), change.Key, "StateChanged", change.Actor, change.Detail, change.State),
            record =>
            {
                if (change.State == LiaisonState.Endorsed) record.EndorsedOn ??= calendar.DateOf(Utc(change.At)).ToString("yyyy-MM-dd");
            });
        await indexes.SyncAsync(change.LiaisonId);
        return true;
    }

    public async Task<bool> RecordHistoryAsync(HistoryNote note)
    {
        await liaisons.AppendHistoryAsync(note.LiaisonId, new HistoryEntry(Utc(note.At), note.Key, note.Event, note.Actor, note.Detail, null));
        return true;
    }

    public async Task<string> AssignNumberAsync(NumberRequest request)
    {
        var ls = await liaisons.GetAsync(request.LiaisonId) ?? throw new InvalidOperationException($"LS {request.LiaisonId} is not stored.");
        if (ls.Number is { } existing) return existing.ToString();

        LsNumber? number = null;
        var detail = "";
        if (LsNumber.TryParse(request.Requested, out var requested) && requested is not null)
        {
            var outcome = await numbers.ReserveAsync(ls.MeetingId, requested, ls.Id);
            if (outcome == NumberReservation.Reserved) number = requested;
            else if (outcome == NumberReservation.LiaisonHasAnother) number = await numbers.FindAsync(ls.MeetingId, requested.Body, ls.Id);
            else detail = $" {requested} was already taken by another LS;";
        }
        number ??= await numbers.AssignNextAsync(ls.MeetingId, ls.SourceBody, ls.Id);

        await liaisons.RecordStateAsync(ls.Id, ls.State,
            new HistoryEntry(Utc(request.At), request.Key, "Numbered", request.Actor, $"{detail} numbered {number}.".TrimStart(), null),
            record => record.Number = number.ToString());
        return number.ToString();
    }

    public async Task<DispatchResult> DispatchAsync(DispatchRequest request)
    {
        var details = await liaisons.GetDetailsAsync(request.LiaisonId) ?? throw new InvalidOperationException($"LS {request.LiaisonId} is not stored.");
        var ls = details.Liaison;
        var meeting = await meetings.GetAsync(ls.MeetingId);
        var directory = await groups.GetDirectoryAsync();
        var baseUrl = options.Value.PublicBaseUrl;

        var awaitsReplies = ls.Addressees.Any(a => a.Purpose.ExpectsReply());
        var sent = 0;
        var skipped = new List<string>();
        foreach (var addressee in ls.Addressees)
        {
            var group = directory.Find(addressee.GroupId);
            if (group?.Email is null)
            {
                skipped.Add(addressee.GroupId);
                continue;
            }
            await mailer.SendOnceAsync(LiaisonMails.Dispatch(ls, addressee, group, meeting, details.Documents, baseUrl));
            sent++;
        }
        if (skipped.Count > 0) logger.LogWarning("LS {LiaisonId}: no address for {Groups}", ls.Id, string.Join(", ", skipped));

        var detail = $"Sent to {sent} group(s)." + (skipped.Count > 0 ? $" No address for: {string.Join(", ", skipped)}." : "");
        await liaisons.RecordStateAsync(ls.Id, LiaisonState.Dispatched,
            new HistoryEntry(Utc(request.At), request.Key, "Dispatched", request.Actor, detail, LiaisonState.Dispatched),
            record =>
            {
                record.DispatchedOn ??= calendar.DateOf(Utc(request.At)).ToString("yyyy-MM-dd");
                // From now on, the groups that owe a reply are chased.
                if (awaitsReplies) record.ChasingSince ??= calendar.ToCalendar(Utc(request.At));
            });
        await indexes.SyncAsync(ls.Id);
        return new DispatchResult(sent, awaitsReplies);
    }

    public async Task<bool> RemindChairAsync(ChairReminderRequest request)
    {
        var ls = await liaisons.GetAsync(request.LiaisonId) ?? throw new InvalidOperationException($"LS {request.LiaisonId} is not stored.");
        var meeting = await meetings.GetAsync(ls.MeetingId);
        if (meeting?.Chair is null)
        {
            logger.LogWarning("LS {LiaisonId}: meeting {MeetingId} has no chair address; no reminder sent.", ls.Id, ls.MeetingId);
            return false;
        }
        var mail = LiaisonMails.ChairReminder(ls, meeting, request.WaitingSince, options.Value.PublicBaseUrl);
        await mailer.SendOnceAsync(mail);
        await liaisons.AppendHistoryAsync(ls.Id, new HistoryEntry(Utc(request.At), mail.Key, "ChairReminded", "LiaisonFlow",
            $"Reminded {meeting.Chair.Name} that the LS awaits the plenary's decision.", null));
        return true;
    }

    /// <summary>Orchestration times arrive as DateTime of unspecified kind after serialization; they are UTC.</summary>
    internal static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
