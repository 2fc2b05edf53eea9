namespace LiaisonFlow.Mail;

/// <summary>Where mail physically goes: SendGrid, or the local outbox.</summary>
public interface IMailTransport
{
    string Name { get; }

    /// <summary>
    /// Sends each recipient's copy of the batch. Returns one <see cref="MailDelivery"/> per BatchRecipient.Key.
    /// Throws <see cref="MailUnavailableException"/> when the provider could not be reached or failed as a whole.
    /// </summary>
    Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct);
}

/// <summary>What became of one copy: accepted by the provider, or refused for good (<see cref="Refusal"/> says why).</summary>
public sealed record MailDelivery(bool Accepted, string? ProviderMessageId, string? Refusal);

/// <summary>The provider could not be reached or failed as a whole: nothing in the batch may be assumed sent; try later.</summary>
public sealed class MailUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
