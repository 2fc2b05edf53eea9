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
}
