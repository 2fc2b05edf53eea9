using LiaisonFlow.Domain;

namespace LiaisonFlow.Workflow;

/// <summary>Moves an LS to a state; <paramref name="At"/> and <paramref name="Key"/> come from the orchestration so a retry writes the same row.</summary>
public sealed record StateChange(string LiaisonId, LiaisonState State, DateTime At, string Key, string Actor, string Detail);

public sealed record HistoryNote(string LiaisonId, DateTime At, string Key, string Event, string Actor, string Detail);

public sealed record NumberRequest(string LiaisonId, string? Requested, DateTime At, string Key, string Actor);

public sealed record DispatchRequest(string LiaisonId, DateTime At, string Key, string Actor);

public sealed record ChairReminderRequest(string LiaisonId, DateTime WaitingSince, DateTime At);

/// <summary>What dispatch did: how many groups were mailed, and whether any of them owes a reply.</summary>
public sealed record DispatchResult(int Sent, bool AwaitsReplies);
