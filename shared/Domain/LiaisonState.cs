namespace LiaisonFlow.Domain;

/// <summary>
/// Life cycle of a liaison statement. An outgoing LS goes from drafting to closure; an incoming LS is
/// <see cref="Received"/> and ends <see cref="Answered"/> (an LS of ours answering it was sent),
/// <see cref="Noted"/> (taken note of, no reply) or <see cref="Closed"/> (by hand).
/// </summary>
public enum LiaisonState
{
    Draft,
    AwaitingEndorsement,
    Endorsed,
    Dispatched,
    AwaitingReplies,
    Closed,
    /// <summary>Agreed but deliberately not sent yet (e.g. TD112: waits for a liaison officer to JTC 1).</summary>
    Held,
    Rejected,
    Withdrawn,
    /// <summary>Incoming: registered; while it asks for action or comment, our responsible group owes the reply.</summary>
    Received,
    /// <summary>Incoming: an outgoing LS that names it in <c>inReplyTo</c> was sent; nothing is owed any more.</summary>
    Answered,
    /// <summary>Incoming: the meeting took note of it (as TSAG noted TD66 in May 2017); no reply will be sent.</summary>
    Noted,
}
