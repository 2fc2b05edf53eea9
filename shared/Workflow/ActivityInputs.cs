using LiaisonFlow.Domain;

namespace LiaisonFlow.Workflow;

/// <summary>Asks the workflow's step to do what the stored LS owes at <paramref name="At"/> (orchestration time, UTC).</summary>
public sealed record AdvanceRequest(string LiaisonId, DateTime At);

/// <summary>
/// What the step left: the LS's state, whether the orchestration is done (a final state with no mail
/// left to send), when (real time, UTC) it must look again, and the chair reminder's due time.
/// </summary>
public sealed record AdvanceResult(LiaisonState State, bool Finished, DateTime? NextWakeUtc, DateTime? ChairReminderDueUtc);
