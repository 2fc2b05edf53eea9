namespace LiaisonFlow.Inbound;

/// <summary>Where an inbound message is: stored, then registered as a reply, or in the holding pen until a person assigns or dismisses it.</summary>
public enum InboundStatus
{
    /// <summary>Stored, not yet processed (or assigned by a person and not yet registered): the recovery sweep processes it.</summary>
    Received,
    Registered,
    /// <summary>In the holding pen.</summary>
    Unmatched,
    Dismissed,
}

/// <summary>Why a message is in the holding pen.</summary>
public enum PenReason
{
    /// <summary>Sent to no reply address of ours (forwarded, or to the secretariat's mailbox).</summary>
    NoReplyAddress,
    /// <summary>The sender is not an address the directory knows for the group of the reply address.</summary>
    UnknownSender,
    /// <summary>Neither SPF nor DKIM passed: the sender may be forged.</summary>
    FailedSpfAndDkim,
    /// <summary>The LS of the reply address does not exist or takes no replies.</summary>
    LiaisonRefused,
    /// <summary>Sent to no reply address, and what it quotes fits more than one LS, or its sender more than one addressee group.</summary>
    AmbiguousMatch,
}

/// <summary>One step of a message's life, for the record: who moved it, when, and why.</summary>
public sealed record InboundStep(DateTimeOffset At, InboundStatus Status, string By, string Detail);

/// <summary>An attachment as stored: under its hash in the inbound container.</summary>
public sealed record InboundAttachment(string FileName, string ContentType, long Length, string Sha256, string BlobName);
