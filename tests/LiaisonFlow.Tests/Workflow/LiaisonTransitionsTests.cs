using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

public class LiaisonTransitionsTests
{
    [Theory]
    [InlineData(LiaisonState.Draft, CommandKind.Submit, LiaisonState.AwaitingEndorsement)]
    [InlineData(LiaisonState.AwaitingEndorsement, CommandKind.Endorse, LiaisonState.Endorsed)]
    [InlineData(LiaisonState.AwaitingEndorsement, CommandKind.Reject, LiaisonState.Rejected)]
    [InlineData(LiaisonState.AwaitingEndorsement, CommandKind.Hold, LiaisonState.Held)]
    [InlineData(LiaisonState.Held, CommandKind.Release, LiaisonState.Endorsed)]
    [InlineData(LiaisonState.Draft, CommandKind.Withdraw, LiaisonState.Withdrawn)]
    [InlineData(LiaisonState.Held, CommandKind.Withdraw, LiaisonState.Withdrawn)]
    public void Allowed_commands_lead_to_their_state(LiaisonState from, CommandKind command, LiaisonState to)
    {
        Assert.True(LiaisonTransitions.TryNext(from, command, out var next));
        Assert.Equal(to, next);
    }

    [Theory]
    [InlineData(LiaisonState.Draft, CommandKind.Endorse)]
    [InlineData(LiaisonState.AwaitingEndorsement, CommandKind.Submit)]
    [InlineData(LiaisonState.AwaitingReplies, CommandKind.Withdraw)]
    [InlineData(LiaisonState.Rejected, CommandKind.Release)]
    [InlineData(LiaisonState.Dispatched, CommandKind.Endorse)]
    public void Other_commands_leave_the_state_alone(LiaisonState from, CommandKind command)
    {
        Assert.False(LiaisonTransitions.TryNext(from, command, out var next));
        Assert.Equal(from, next);
    }
}
