namespace LiaisonFlow.Domain;

/// <summary>One destination group of an LS, with its own purpose, deadline and reply.</summary>
/// <param name="AddressedAs">How the record named it, e.g. "ITU-T SGs" for a member of a collective.</param>
public sealed record Addressee(string GroupId, Purpose Purpose, Deadline Deadline, ReplyStatus ReplyStatus, string? AddressedAs = null)
{
    public static Addressee Create(string groupId, Purpose purpose, Deadline deadline, string? addressedAs = null) =>
        new(groupId, purpose, deadline, purpose.ExpectsReply() ? ReplyStatus.Outstanding : ReplyStatus.NotExpected, addressedAs);
}
