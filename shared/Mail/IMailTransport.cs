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

    /// <summary>Sends; returns the provider's message id if it gives one. Throws <see cref="MailRejectedException"/> when the provider surely did not accept it.</summary>
    Task<string?> SendAsync(OutgoingMail mail, CancellationToken ct);
}

/// <summary>The provider answered and did not take the mail: safe to try again later.</summary>
public sealed class MailRejectedException(string message) : Exception(message);
