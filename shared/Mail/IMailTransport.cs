namespace LiaisonFlow.Mail;

/// <summary>Where mail physically goes: SendGrid, or the local outbox.</summary>
public interface IMailTransport
{
    string Name { get; }

    /// <summary>
    /// Sends each recipient's copy of the batch. Returns one <see cref="MailDelivery"/> per <see cref="BatchRecipient.Key"/>.
    /// Throws <see cref="MailUnavailableException"/> when the provider could not be reached or failed as a whole
    /// (5xx, 429, timeout, connection refused): nothing in the batch may be assumed sent (except the copies the
    /// exception lists in <see cref="MailUnavailableException.Settled"/>); try later.
    /// </summary>
    Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct);
}
