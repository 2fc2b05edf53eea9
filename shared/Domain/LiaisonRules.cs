namespace LiaisonFlow.Domain;

/// <summary>
/// Which state of an LS allows which change, beside the command table in <see cref="LiaisonTransitions"/>.
/// The write path checks these against the stored state in the same guarded transaction as the change.
/// </summary>
public static class LiaisonRules
{
    /// <summary>Sent (or closed: a late reply is still recorded, but nothing is chased again).</summary>
    public static bool AcceptsReplies(LiaisonState state) =>
        state is LiaisonState.Dispatched or LiaisonState.AwaitingReplies or LiaisonState.Closed;

    /// <summary>Not while it is being numbered and sent, and never once it is finished.</summary>
    public static bool AcceptsDeadlineChange(LiaisonState state) =>
        state is LiaisonState.Draft or LiaisonState.AwaitingEndorsement or LiaisonState.Held
            or LiaisonState.Dispatched or LiaisonState.AwaitingReplies or LiaisonState.Received;

    /// <summary>An outgoing LS awaiting replies, or an incoming one we owe a reply to: the states in which someone is chased.</summary>
    public static bool AcceptsChasingChange(LiaisonState state) => IsTracked(state);

    public static bool IsTracked(LiaisonState state) => state is LiaisonState.AwaitingReplies or LiaisonState.Received;

    /// <summary>States of an incoming LS: registered, then answered, noted or closed.</summary>
    public static bool IsIncomingState(LiaisonState state) =>
        state is LiaisonState.Received or LiaisonState.Answered or LiaisonState.Noted or LiaisonState.Closed;

    public static bool AcceptsDocuments(LiaisonState state) => !LiaisonTransitions.IsFinal(state);

    /// <summary>Once the plenary agreed the LS, its TD is what was agreed: a new upload is a new revision, never a replacement.</summary>
    public static bool DocumentsAreRevisions(LiaisonState state) =>
        state is LiaisonState.Endorsed or LiaisonState.Dispatched or LiaisonState.AwaitingReplies or LiaisonState.Held;

    /// <summary>States in which the LS has gone (or is going) out to its addressees.</summary>
    public static bool IsSent(LiaisonState state) =>
        state is LiaisonState.Dispatched or LiaisonState.AwaitingReplies or LiaisonState.Closed;
}
