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

/// <summary>Asks reply tracking to do what is due at <paramref name="At"/> (real time, from the orchestration).</summary>
public sealed record TrackRequest(string LiaisonId, DateTime At);

/// <summary>What reply tracking found: whether every reply is in, and when (real time) it must look again.</summary>
public sealed record TrackResult(bool AllReplied, DateTime? NextWakeUtc, int ChasersSent, int Escalations);

public sealed record CloseRequest(string LiaisonId, DateTime At, string Key, string Actor, string Reason);
