namespace LiaisonFlow.Domain;

/// <summary>
/// Which way an LS goes. Outgoing: our body sends it, the plenary endorses it, and the groups it is
/// addressed to owe us replies. Incoming: another body sent it to ours; it is registered as received,
/// and our own responsible group owes the reply it asks for.
/// </summary>
public enum Direction
{
    Outgoing,
    Incoming,
}
