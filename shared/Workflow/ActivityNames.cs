namespace LiaisonFlow.Workflow;

/// <summary>Activity names: the orchestrator calls them, the Functions app and the local host register them.</summary>
public static class ActivityNames
{
    public const string RecordState = "RecordState";
    public const string RecordHistory = "RecordHistory";
    public const string AssignNumber = "AssignLsNumber";
    public const string Dispatch = "DispatchLiaison";
    public const string RemindChair = "RemindChair";
    public const string TrackReplies = "TrackReplies";
    public const string Close = "CloseLiaison";

    public static readonly IReadOnlyList<string> All = [RecordState, RecordHistory, AssignNumber, Dispatch, RemindChair, TrackReplies, Close];
}
