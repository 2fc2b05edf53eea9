namespace LiaisonFlow.Workflow;

/// <summary>Activity names: the orchestrator calls them, the Functions app and the local host register them.</summary>
public static class ActivityNames
{
    /// <summary>Does everything the stored LS owes now (see <see cref="LiaisonSteps.AdvanceAsync"/>).</summary>
    public const string Advance = "AdvanceLiaison";

    public static readonly IReadOnlyList<string> All = [Advance];
}
