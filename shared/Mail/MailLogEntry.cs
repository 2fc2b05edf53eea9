namespace LiaisonFlow.Mail;

public enum MailStatus
{
    /// <summary>Handed to the transport; no answer recorded yet.</summary>
    Sending,
    Sent,
    /// <summary>The provider refused it or could not be reached; it will be tried again.</summary>
    Failed,
    /// <summary>An earlier send was cut off mid-way and the provider cannot be asked: not resent, to never send twice. The secretariat checks it.</summary>
    Uncertain,
}

public sealed record MailLogEntry(
    string LiaisonId,
    string Key,
    string Kind,
    IReadOnlyList<string> To,
    string Subject,
    MailStatus Status,
    string Transport,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string? ProviderMessageId,
    int Attempts,
    string? Error);
