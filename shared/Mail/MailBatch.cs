namespace LiaisonFlow.Mail;

/// <summary>
/// One personalised copy of a batch: its own mail key, recipients, subject and substitution values.
/// <paramref name="MessageId"/>, when set, is the copy's RFC 5322 msg-id without angle brackets (see
/// <see cref="MailIds.MessageId"/>): a copy sent again carries the same Message-ID, so mail clients fold the duplicate.
/// </summary>
public sealed record BatchRecipient(string Key, IReadOnlyList<MailRecipient> To, string Subject, IReadOnlyDictionary<string, string> Values, string? MessageId = null);

/// <summary>
/// Mails of one kind for one LS that go out together: one body with substitution tokens
/// ("-groupName-") and one personalisation per recipient — with SendGrid, a single request.
/// </summary>
public sealed record MailBatch(string LiaisonId, Domain.MailKind Kind, string BodyTemplate, IReadOnlyList<BatchRecipient> Recipients, MailRecipient? ReplyTo = null)
{
    public static MailBatch Of(OutgoingMail mail) =>
        new(mail.LiaisonId, mail.Kind, mail.Body, [new BatchRecipient(mail.Key, mail.To, mail.Subject, new Dictionary<string, string>(), mail.MessageId)], mail.ReplyTo);

    public MailBatch Only(IEnumerable<BatchRecipient> recipients) => this with { Recipients = [.. recipients] };

    public string BodyFor(BatchRecipient recipient) =>
        recipient.Values.Aggregate(BodyTemplate, (text, value) => text.Replace(value.Key, value.Value, StringComparison.Ordinal));
}
