using System.Text.Json.Serialization;

namespace LiaisonFlow.Workflow;

/// <summary>
/// The orchestration's input. Everything else is read from storage at every step, so an orchestration
/// started (or restarted) at any moment resumes from the stored LS.
/// </summary>
/// <param name="Failures">Steps in a row that failed through their retries: the wait before the next try grows with it.</param>
/// <param name="LastState">The state the last step left, shown as the status while the next step runs (display only; the step reads storage).</param>
public sealed record LiaisonWorkflowInput(string LiaisonId, int Failures = 0, Domain.LiaisonState? LastState = null);

/// <summary>What the orchestration shows as its custom status (named as the API names things).</summary>
public sealed record WorkflowStatus(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("waitingFor")] string WaitingFor,
    [property: JsonPropertyName("chairReminderDueUtc")] DateTime? ChairReminderDueUtc,
    [property: JsonPropertyName("nextCheckUtc")] DateTime? NextCheckUtc,
    [property: JsonPropertyName("failures")] int Failures = 0);
