namespace LiaisonFlow.Domain;

/// <summary>The mails LiaisonFlow sends about an LS.</summary>
public enum MailKind
{
    /// <summary>The LS itself, to one addressee group.</summary>
    Dispatch,
    ChairReminder,
    Chaser,
    Escalation,
    /// <summary>To the LS's contact when it closes: who replied, who did not.</summary>
    Summary,
    /// <summary>To the sender of a reply registered from a mail: which LS, which group, when.</summary>
    ReplyAcknowledgement,
}
