namespace LiaisonFlow.Mail;

/// <summary>Where mail physically goes: SendGrid, or the local outbox.</summary>
public interface IMailTransport
{
    string Name { get; }

    /// <summary>
    /// True when sending the same mail again is harmless (the outbox overwrites one blob), so an
    /// interrupted send may simply be repeated.
    /// </summary>
    bool IsIdempotent { get; }

    /// <summary>
    /// Sends every recipient's copy of the batch in one go; returns the provider's id for it, if any.
    /// Throws <see cref="MailRejectedException"/> when the provider surely did not accept it.
    /// </summary>
    Task<string?> SendAsync(MailBatch batch, CancellationToken ct);
}

/// <summary>The provider answered and did not take the mail: safe to try again later.</summary>
public sealed class MailRejectedException(string message) : Exception(message);
