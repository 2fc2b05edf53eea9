using LiaisonFlow.Domain;

namespace LiaisonFlow.Workflow;

/// <summary>A reminder to one group at one offset from its deadline (calendar time).</summary>
public sealed record ChaserSlot(string GroupId, DateOnly DeadlineDate, TimeSpan Offset, DateTimeOffset DueAt)
{
    // The deadline is part of the key: extend it and the group is chased afresh for the new one.
    public string Key => $"chaser|{GroupId}|{DeadlineDate:yyyyMMdd}|{(long)Offset.TotalSeconds}";
}

/// <summary>Groups whose common deadline passed <see cref="ReplyTracking"/>'s grace period ago and are still silent.</summary>
public sealed record EscalationSlot(DateOnly DeadlineDate, DateTimeOffset DueAt, IReadOnlyList<string> GroupIds)
{
    public string Key => $"escalation|{DeadlineDate:yyyyMMdd}";
}

public sealed record OverdueNote(string GroupId, DateOnly DeadlineDate)
{
    public string Key => $"overdue|{GroupId}|{DeadlineDate:yyyyMMdd}";
}

/// <summary>What reply tracking must do now, and when it must look again.</summary>
public sealed record ChaserPlan(
    IReadOnlyList<ChaserSlot> Send,
    IReadOnlyList<ChaserSlot> Skip,
    IReadOnlyList<OverdueNote> Overdue,
    IReadOnlyList<EscalationSlot> Escalate,
    DateTimeOffset? NextDue,
    bool AllReplied)
{
    /// <summary>Something is due now and not yet handled (<see cref="NextDue"/> is only what is still to come).</summary>
    public bool DueNow => Send.Count > 0 || Skip.Count > 0 || Overdue.Count > 0 || Escalate.Count > 0;
}

/// <summary>
/// Works out reply tracking from stored state alone — addressees, deadlines, replies and the steps
/// already handled — so a restart or a replay recomputes the same thing and nothing is done twice.
/// </summary>
public static class ReplyTracking
{
    public static ChaserPlan Plan(
        IReadOnlyList<Addressee> addressees,
        IReadOnlySet<string> handled,
        IReadOnlyList<TimeSpan> offsets,
        TimeSpan escalationAfter,
        DateTimeOffset chasingSince,
        DateTimeOffset now)
    {
        var allReplied = AllReplied(addressees);
        var owing = addressees.Where(a => a.Purpose.ExpectsReply() && a.OwesReply && !a.Deadline.IsNone).ToList();

        var send = new List<ChaserSlot>();
        var skip = new List<ChaserSlot>();
        var overdue = new List<OverdueNote>();
        var escalate = new List<EscalationSlot>();
        var upcoming = new List<DateTimeOffset>();

        foreach (var a in owing)
        {
            var date = a.Deadline.Date!.Value;
            var due = a.Deadline.DueUtc!.Value;
            // Reminders count from the start of the deadline day, so "on the day" arrives that morning;
            // the group is overdue, and escalated, from the end of it.
            var dayStart = Geneva.StartOf(date);
            var open = offsets.Select(o => new ChaserSlot(a.GroupId, date, o, dayStart + o)).Where(s => !handled.Contains(s.Key)).ToList();
            var ripe = open.Where(s => s.DueAt <= now).OrderBy(s => s.DueAt).ToList();
            if (ripe.Count > 0)
            {
                // Only the latest reminder that fell due goes out: the group needs today's message, not
                // the back-catalogue. Reminders that were due before chasing began go only if the latest
                // is about a deadline already reached (one overdue notice).
                var latest = ripe[^1];
                var backCatalogue = latest.DueAt < chasingSince && latest.Offset < TimeSpan.Zero;
                if (backCatalogue) skip.AddRange(ripe);
                else { send.Add(latest); skip.AddRange(ripe.Take(ripe.Count - 1)); }
            }
            upcoming.AddRange(open.Where(s => s.DueAt > now).Select(s => s.DueAt));

            var note = new OverdueNote(a.GroupId, date);
            if (due <= now) { if (!handled.Contains(note.Key)) overdue.Add(note); }
            else upcoming.Add(due);
        }

        foreach (var byDeadline in owing.GroupBy(a => a.Deadline.Date!.Value))
        {
            var dueAt = byDeadline.First().Deadline.DueUtc!.Value + escalationAfter;
            var slot = new EscalationSlot(byDeadline.Key, dueAt, [.. byDeadline.Select(a => a.GroupId).Order(StringComparer.Ordinal)]);
            if (handled.Contains(slot.Key)) continue;
            if (dueAt <= now) escalate.Add(slot);
            else upcoming.Add(dueAt);
        }

        return new ChaserPlan(send, skip, overdue, escalate, upcoming.Count == 0 ? null : upcoming.Min(), allReplied);
    }

    /// <summary>Every group addressed for action or comment has replied (and there is at least one).</summary>
    public static bool AllReplied(IReadOnlyList<Addressee> addressees)
    {
        var expected = addressees.Where(a => a.Purpose.ExpectsReply()).ToList();
        return expected.Count > 0 && expected.All(a => a.ReplyStatus == ReplyStatus.Received);
    }
}
