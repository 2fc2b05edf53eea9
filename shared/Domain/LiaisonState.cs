namespace LiaisonFlow.Domain;

/// <summary>Life cycle of an outgoing liaison statement, from drafting to closure.</summary>
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
}
