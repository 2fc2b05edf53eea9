namespace LiaisonFlow.Domain;

public enum CommandKind { Submit, Endorse, Reject, Hold, Release, Withdraw, Close, Note }

/// <summary>
/// The plenary life cycle as a table: which command is allowed in which state and where it leads.
/// Shared by the HTTP API (to answer 409 at once) and the orchestrator (the authority).
/// </summary>
public static class LiaisonTransitions
{
    public static bool TryNext(LiaisonState from, CommandKind command, out LiaisonState to)
    {
        LiaisonState? next = (from, command) switch
        {
            (LiaisonState.Draft, CommandKind.Submit) => LiaisonState.AwaitingEndorsement,
            (LiaisonState.AwaitingEndorsement, CommandKind.Endorse) => LiaisonState.Endorsed,
            (LiaisonState.AwaitingEndorsement, CommandKind.Reject) => LiaisonState.Rejected,
            (LiaisonState.AwaitingEndorsement, CommandKind.Hold) => LiaisonState.Held,
            // A held LS was agreed by the plenary; releasing it sends it as endorsed.
            (LiaisonState.Held, CommandKind.Release) => LiaisonState.Endorsed,
            (LiaisonState.Held, CommandKind.Reject) => LiaisonState.Rejected,
            (LiaisonState.Draft or LiaisonState.AwaitingEndorsement or LiaisonState.Held, CommandKind.Withdraw) => LiaisonState.Withdrawn,
            // The secretariat may close an LS by hand once it is out, e.g. when a reply came another way.
            (LiaisonState.Dispatched or LiaisonState.AwaitingReplies, CommandKind.Close) => LiaisonState.Closed,
            // An incoming LS: the meeting notes it (no reply), or the secretariat closes it by hand. Answered is
            // no command: it follows from sending the LS that answers it (LiaisonChanges.Answer).
            (LiaisonState.Received, CommandKind.Note) => LiaisonState.Noted,
            (LiaisonState.Received, CommandKind.Close) => LiaisonState.Closed,
            _ => null,
        };
        to = next ?? from;
        return next is not null;
    }

    public static bool IsFinal(LiaisonState state) =>
        state is LiaisonState.Closed or LiaisonState.Rejected or LiaisonState.Withdrawn or LiaisonState.Answered or LiaisonState.Noted;
}
