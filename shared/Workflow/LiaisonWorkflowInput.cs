using System.Text.Json.Serialization;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Workflow;

/// <summary>
/// The orchestration's whole state: each transition continues as new with the next input, so the
/// history of an LS that waits for months stays a few events long.
/// </summary>
/// <param name="ChairReminderAfter">Given as input (not read from options) so tests can make it seconds.</param>
/// <param name="WaitingSince">When the current wait began (orchestration time); set on the first run of a state.</param>
/// <param name="ChairReminded">Whether the chair was reminded during the current wait.</param>
public sealed record LiaisonWorkflowInput(
    string LiaisonId,
    LiaisonState State,
    TimeSpan? ChairReminderAfter,
    DateTime? WaitingSince = null,
    bool ChairReminded = false);

/// <summary>What the orchestration shows as its custom status (named as the API names things).</summary>
public sealed record WorkflowStatus(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("waitingFor")] string WaitingFor,
    [property: JsonPropertyName("chairReminderDueUtc")] DateTime? ChairReminderDueUtc,
    [property: JsonPropertyName("nextCheckUtc")] DateTime? NextCheckUtc);
