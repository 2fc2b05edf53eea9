namespace LiaisonFlow.Mail;

/// <summary>
/// What became of one copy of a batch. <paramref name="Accepted"/> false means the provider refused that copy
/// for good (a bad address, say), and <paramref name="Refusal"/> says why; sending it again will not help.
/// </summary>
public sealed record MailDelivery(bool Accepted, string? ProviderMessageId, string? Refusal)
{
    public static MailDelivery Accept(string? providerMessageId) => new(true, providerMessageId, null);

    public static MailDelivery Refuse(string refusal) => new(false, null, refusal);
}

/// <summary>
/// The provider could not be reached or failed as a whole (5xx, 429, timeout, connection refused, or a
/// configuration problem such as a bad API key): nothing in the batch may be assumed sent; try later.
/// </summary>
public sealed class MailUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// Copies already decided before the failure, by mail key: accepted (must not be sent again) or refused.
    /// Empty unless a transport had to send the batch in several requests and a later one failed. Every key
    /// not listed was not sent.
    /// </summary>
    public IReadOnlyDictionary<string, MailDelivery> Settled { get; init; } = new Dictionary<string, MailDelivery>();
}
