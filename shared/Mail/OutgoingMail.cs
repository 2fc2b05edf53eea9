namespace LiaisonFlow.Mail;

public sealed record MailRecipient(string Email, string? Name = null);

/// <summary>
/// One mail. <paramref name="Key"/> names it for good (e.g. "dispatch|itu-t-sg17"): the mail log holds
/// one row per key, which is how a retried activity knows the mail already went. <paramref name="MessageId"/>
/// is its msg-id without angle brackets, if it has one (see <see cref="MailIds.MessageId"/>).
/// </summary>
public sealed record OutgoingMail(
    string LiaisonId,
    string Key,
    Domain.MailKind Kind,
    IReadOnlyList<MailRecipient> To,
    string Subject,
    string Body,
    MailRecipient? ReplyTo = null,
    string? MessageId = null);
