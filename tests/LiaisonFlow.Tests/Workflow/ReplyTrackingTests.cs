using LiaisonFlow.Domain;
using LiaisonFlow.Workflow;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

/// <summary>The chaser schedule as a pure function of stored state: TSAG-LS3, before 12 March 2018.</summary>
public class ReplyTrackingTests
{
    static readonly TimeSpan[] Offsets = [TimeSpan.FromDays(-30), TimeSpan.FromDays(-7), TimeSpan.Zero, TimeSpan.FromDays(7)];
    static readonly TimeSpan Grace = TimeSpan.FromDays(14);
    static readonly DateTimeOffset Due = new(2018, 3, 12, 23, 0, 0, TimeSpan.Zero); // end of 12 March in Geneva (CET)
    static readonly DateTimeOffset DayStart = new(2018, 3, 11, 23, 0, 0, TimeSpan.Zero); // reminders count from the start of that day
    static readonly DateTimeOffset DispatchedAt = new(2017, 5, 10, 9, 0, 0, TimeSpan.Zero);

    static Addressee Sg(int n, Purpose purpose = Purpose.Action, ReplyStatus? status = null) =>
        Addressee.Create($"itu-t-sg{n}", purpose, Deadline.Parse("before 12 March 2018")) is var a && status is { } s ? a with { ReplyStatus = s } : a;

    static ChaserPlan Plan(IReadOnlyList<Addressee> addressees, DateTimeOffset now, IEnumerable<string>? handled = null, DateTimeOffset? since = null) =>
        ReplyTracking.Plan(addressees, (handled ?? []).ToHashSet(), Offsets, Grace, since ?? DispatchedAt, now);

    [Fact]
    public void Before_anything_is_due_the_next_wake_up_is_the_first_reminder()
    {
        var plan = Plan([Sg(2), Sg(17)], DispatchedAt);
        Assert.Empty(plan.Send);
        Assert.Equal(DayStart - TimeSpan.FromDays(30), plan.NextDue);
        Assert.False(plan.AllReplied);
    }

    [Fact]
    public void A_due_reminder_goes_to_every_group_still_owing_and_to_no_one_else()
    {
        var addressees = new[] { Sg(2), Sg(3, status: ReplyStatus.Received), Sg(17), Sg(5, Purpose.Information) };
        var plan = Plan(addressees, DayStart - TimeSpan.FromDays(7));
        Assert.Equal(["itu-t-sg17", "itu-t-sg2"], plan.Send.Select(s => s.GroupId).Order(StringComparer.Ordinal));
        Assert.All(plan.Send, s => Assert.Equal(TimeSpan.FromDays(-7), s.Offset));
        // The -30 days reminder was never sent (say the host was down): it is skipped, not sent late.
        Assert.Equal(2, plan.Skip.Count);
        Assert.Equal(DayStart, plan.NextDue);
    }

    [Fact]
    public void Handled_reminders_are_not_repeated()
    {
        var sent = new[] { "chaser|itu-t-sg2|20180312|-2592000", "chaser|itu-t-sg2|20180312|-604800" };
        var plan = Plan([Sg(2)], DayStart - TimeSpan.FromDays(1), sent);
        Assert.Empty(plan.Send);
        Assert.Empty(plan.Skip);
        Assert.False(plan.DueNow);
        Assert.Equal(DayStart, plan.NextDue);

        // On the day the reminder goes out in the morning; the group is overdue only from the end of the day.
        var onTheDay = Plan([Sg(2)], DayStart + TimeSpan.FromHours(8), sent);
        Assert.Equal(TimeSpan.Zero, Assert.Single(onTheDay.Send).Offset);
        Assert.Empty(onTheDay.Overdue);
        Assert.True(onTheDay.DueNow);
        Assert.Equal(Due, onTheDay.NextDue);
    }

    [Fact]
    public void After_the_deadline_the_group_is_noted_overdue_and_after_the_grace_period_escalated_once()
    {
        var addressees = new[] { Sg(2), Sg(17), Sg(3, status: ReplyStatus.Received) };
        var handled = addressees.SelectMany(a => Offsets.Take(3).Select(o => new ChaserSlot(a.GroupId, new DateOnly(2018, 3, 12), o, DayStart + o).Key)).ToList();

        var atDeadline = Plan(addressees, Due + TimeSpan.FromHours(1), handled);
        Assert.Equal(["itu-t-sg17", "itu-t-sg2"], atDeadline.Overdue.Select(o => o.GroupId).Order(StringComparer.Ordinal));
        Assert.Empty(atDeadline.Escalate);

        handled.AddRange(atDeadline.Overdue.Select(o => o.Key));
        var afterGrace = Plan(addressees, Due + Grace, handled);
        var escalation = Assert.Single(afterGrace.Escalate);
        Assert.Equal(["itu-t-sg17", "itu-t-sg2"], escalation.GroupIds);
        Assert.Empty(afterGrace.Overdue);

        handled.Add(escalation.Key);
        Assert.Empty(Plan(addressees, Due + Grace + TimeSpan.FromDays(1), handled).Escalate);
    }

    [Fact]
    public void An_LS_whose_deadline_passed_before_chasing_began_gets_one_overdue_notice_not_the_back_catalogue()
    {
        var importedAt = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var plan = Plan([Sg(2), Sg(17)], importedAt, since: importedAt);
        Assert.All(plan.Send, s => Assert.Equal(TimeSpan.FromDays(7), s.Offset));
        Assert.Equal(2, plan.Send.Count);
        Assert.Equal(6, plan.Skip.Count);
        Assert.Single(plan.Escalate);
        Assert.Null(plan.NextDue);
    }

    [Fact]
    public void Reminders_due_before_dispatch_are_skipped_when_the_deadline_is_still_ahead()
    {
        var dispatched = DayStart - TimeSpan.FromDays(10);
        var plan = Plan([Sg(2)], dispatched, since: dispatched);
        Assert.Empty(plan.Send);
        Assert.Equal(TimeSpan.FromDays(-30), Assert.Single(plan.Skip).Offset);
        Assert.Equal(DayStart - TimeSpan.FromDays(7), plan.NextDue);
    }

    [Fact]
    public void An_extended_deadline_gets_a_fresh_schedule()
    {
        var sentForOld = Offsets.Select(o => new ChaserSlot("itu-t-sg2", new DateOnly(2018, 3, 12), o, DayStart + o).Key).ToList();
        var extended = Sg(2) with { Deadline = Deadline.Parse("before 30 April 2018") };
        var plan = Plan([extended], Due + TimeSpan.FromDays(20), sentForOld, since: DispatchedAt);
        Assert.DoesNotContain(plan.Send, s => s.DeadlineDate == new DateOnly(2018, 3, 12));
        Assert.Equal(new DateOnly(2018, 4, 30), Assert.Single(plan.Send).DeadlineDate);
        Assert.Equal(TimeSpan.FromDays(-30), plan.Send[0].Offset);
    }

    [Fact]
    public void All_replied_only_when_every_action_and_comment_group_replied()
    {
        Assert.True(Plan([Sg(2, status: ReplyStatus.Received), Sg(5, Purpose.Information)], Due).AllReplied);
        Assert.False(Plan([Sg(2, status: ReplyStatus.Received), Sg(3, Purpose.Comment)], Due).AllReplied);
        Assert.False(Plan([Sg(5, Purpose.Information)], Due).AllReplied);
    }
}
