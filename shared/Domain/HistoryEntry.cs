namespace LiaisonFlow.Domain;

/// <summary>One line of an LS's append-only audit trail.</summary>
/// <param name="Key">Deterministic per event, so a retried write lands on the same row and a change is done once.</param>
public sealed record HistoryEntry(DateTimeOffset At, string Key, LiaisonEvent Event, string Actor, string Detail, LiaisonState? State);
