using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

/// <summary>An incoming LS's own life cycle, and where what it asks of us shows on the dashboard.</summary>
public class IncomingRulesTests
{
    [Theory]
    [InlineData(CommandKind.Note, LiaisonState.Noted)]
    [InlineData(CommandKind.Close, LiaisonState.Closed)]
    public void A_received_LS_is_noted_or_closed_by_command(CommandKind command, LiaisonState to)
    {
        Assert.True(LiaisonTransitions.TryNext(LiaisonState.Received, command, out var next));
        Assert.Equal(to, next);
        Assert.True(LiaisonTransitions.IsFinal(next));
    }

    [Theory]
    [InlineData(LiaisonState.Received, CommandKind.Endorse)]
    [InlineData(LiaisonState.Received, CommandKind.Submit)]
    [InlineData(LiaisonState.Received, CommandKind.Withdraw)]
    [InlineData(LiaisonState.Answered, CommandKind.Close)]
    [InlineData(LiaisonState.Noted, CommandKind.Note)]
    [InlineData(LiaisonState.AwaitingReplies, CommandKind.Note)]
    public void Nothing_else_moves_an_incoming_LS_and_an_outgoing_one_is_not_noted(LiaisonState from, CommandKind command) =>
        Assert.False(LiaisonTransitions.TryNext(from, command, out _));

    [Fact]
    public void Only_a_received_LS_is_chased_and_it_takes_no_replies_of_its_own()
    {
        Assert.True(LiaisonRules.IsTracked(LiaisonState.Received));
        Assert.False(LiaisonRules.IsTracked(LiaisonState.Answered));
        Assert.False(LiaisonRules.AcceptsReplies(LiaisonState.Received));
        Assert.True(LiaisonTransitions.IsFinal(LiaisonState.Answered));
    }

    [Fact]
    public void What_we_owe_is_apart_from_what_is_owed_to_us()
    {
        var asOf = new DateOnly(2018, 3, 1);
        OutstandingEntity Row(string liaison, string group, string deadline, string? direction) => new()
        {
            PartitionKey = $"group|{group}", RowKey = $"{deadline}|{liaison}", LiaisonId = liaison, MeetingId = "tsag-2017-05", Title = liaison,
            LiaisonState = direction is null ? "AwaitingReplies" : "Received", GroupId = group, Purpose = "Action",
            DeadlineRaw = $"before {deadline}", DeadlineDate = deadline, SentOn = "2017-05-04", Direction = direction,
        };
        var report = OutstandingReport.From(
            [
                Row("tsag-2017-05-td117", "itu-t-sg17", "2018-02-28", null),
                Row("tsag-2017-05-td66", "itu-t-sg2", "2018-04-30", "Incoming"),
            ],
            new OutstandingFilter(asOf), TestGroups.Directory());

        var owedToUs = Assert.Single(report.Rows);
        Assert.Equal("tsag-2017-05-td117", owedToUs.LiaisonId);
        Assert.True(owedToUs.Overdue);
        var weOwe = Assert.Single(report.WeOwe);
        Assert.Equal("tsag-2017-05-td66", weOwe.LiaisonId);
        Assert.Equal(new DateOnly(2018, 4, 30), weOwe.DeadlineDate);
        Assert.Equal(60, weOwe.DaysLeft);
        // The totals stay about what is owed to us.
        Assert.Equal(1, report.Summary.Outstanding);
    }
}
