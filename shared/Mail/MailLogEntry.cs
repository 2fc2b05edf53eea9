using LiaisonFlow.Domain;

namespace LiaisonFlow.Mail;

public enum MailStatus
{
    /// <summary>Written with the change that caused it; waiting to be handed to the provider (again, after a failure: see the error).</summary>
    Queued,
    /// <summary>Claimed right before the provider is called. Found so after a crash, it is sent again with the same Message-ID.</summary>
    Sending,
    Sent,
    /// <summary>The provider refused this copy for good (e.g. a bad address): not retried; the secretariat acts on it.</summary>
    Refused,
}

/// <summary>One mail about an LS as the mail log shows it.</summary>
public sealed record MailLogEntry(
    string LiaisonId,
    string Key,
    MailKind Kind,
    IReadOnlyList<string> To,
    string Subject,
    MailStatus Status,
    string? Transport,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string? ProviderMessageId,
    int Attempts,
    string? Error,
    string MessageId);
