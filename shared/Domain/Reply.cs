namespace LiaisonFlow.Domain;

/// <summary>
/// A reply received for an LS: itself usually an LS of the replying group. Recorded whoever sends
/// it; <paramref name="Solicited"/> is false for a group that was only informed or not addressed.
/// <paramref name="IncomingLiaisonId"/> is the incoming LS the reply was registered as, when it was (the chain shown both ways).
/// </summary>
public sealed record Reply(
    string GroupId,
    string GroupName,
    string Reference,
    DateOnly ReceivedOn,
    string? Note,
    string? DocumentFileName,
    bool Solicited,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string? IncomingLiaisonId = null)
{
    /// <summary>The same reply registered twice is one reply: same group, same reference, however spaced or cased.</summary>
    public static string Key(string groupId, string reference) =>
        $"{groupId}|{new string([.. reference.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)])}";
}
