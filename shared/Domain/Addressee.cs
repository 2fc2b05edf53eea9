namespace LiaisonFlow.Domain;

/// <summary>One destination group of an LS, with its own purpose, deadline and reply.</summary>
/// <param name="AddressedAs">How the record named it, e.g. "ITU-T SGs" for a member of a collective.</param>
public sealed record Addressee(string GroupId, Purpose Purpose, Deadline Deadline, ReplyStatus ReplyStatus, string? AddressedAs = null)
{
    /// <summary>The first reply's reference ("SG17-LS12", a TD number) and the day it was received.</summary>
    public string? ReplyReference { get; init; }
    public DateOnly? RepliedOn { get; init; }

    public bool OwesReply => ReplyStatus == ReplyStatus.Outstanding;

    /// <summary>Outstanding past its deadline at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => OwesReply && Deadline.IsPast(now);

    public static Addressee Create(string groupId, Purpose purpose, Deadline deadline, string? addressedAs = null) =>
        new(groupId, purpose, deadline, purpose.InitialReplyStatus(), addressedAs);
}
