using Azure;
using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Mail;

/// <summary>
/// Sends each mail at most once per key, however often an activity is retried or a host dies.
/// The mail log row is claimed (status Sending) before the transport is called and marked Sent after.
/// A retry that finds Sent does nothing; one that finds Sending knows an earlier try was cut off and
/// marks it Uncertain rather than risk a second copy.
/// </summary>
public sealed class Mailer(IMailTransport transport, MailLog log, TimeProvider clock, ILogger<Mailer> logger)
{
    public async Task<MailStatus> SendOnceAsync(OutgoingMail mail, CancellationToken ct = default) =>
        (await SendOnceAsync(MailBatch.Of(mail), ct))[mail.Key];

    /// <summary>Sends the copies of a batch not sent yet, together in one transport call; returns each key's status.</summary>
    public async Task<IReadOnlyDictionary<string, MailStatus>> SendOnceAsync(MailBatch batch, CancellationToken ct = default)
    {
        var outcome = new Dictionary<string, MailStatus>(StringComparer.Ordinal);
        var claimed = new List<(BatchRecipient Recipient, MailLogEntry Claim, ETag ETag)>();
        foreach (var recipient in batch.Recipients)
        {
            var (status, claim) = await ClaimAsync(batch, recipient, ct);
            if (claim is null) outcome[recipient.Key] = status;
            else claimed.Add((recipient, claim.Value.Entry, claim.Value.ETag));
        }
        if (claimed.Count == 0) return outcome;

        IReadOnlyDictionary<string, MailDelivery> deliveries;
        try
        {
            deliveries = await transport.SendAsync(batch.Only(claimed.Select(c => c.Recipient)), ct);
        }
        catch (MailUnavailableException e)
        {
            foreach (var (recipient, claim, etag) in claimed)
                await log.TryWriteAsync(e.Settled.TryGetValue(recipient.Key, out var settled) ? Settle(claim, settled) : claim with { Status = MailStatus.Failed, Error = e.Message }, etag, ct);
            throw;
        }
        foreach (var (recipient, claim, etag) in claimed)
        {
            var settled = Settle(claim, deliveries.TryGetValue(recipient.Key, out var delivery) ? delivery : MailDelivery.Refuse("The transport gave no answer for this copy."));
            await log.TryWriteAsync(settled, etag, ct);
            outcome[recipient.Key] = settled.Status;
        }
        return outcome;
    }

    MailLogEntry Settle(MailLogEntry claim, MailDelivery delivery) => delivery.Accepted
        ? claim with { Status = MailStatus.Sent, SentAt = clock.GetUtcNow(), ProviderMessageId = delivery.ProviderMessageId }
        : claim with { Status = MailStatus.Failed, Error = delivery.Refusal };

    /// <summary>Claims the mail log row for one copy; null claim when it must not be sent (already sent, or uncertain).</summary>
    async Task<(MailStatus Status, (MailLogEntry Entry, ETag ETag)? Claim)> ClaimAsync(MailBatch batch, BatchRecipient recipient, CancellationToken ct)
    {
        var existing = await log.GetAsync(batch.LiaisonId, recipient.Key, ct);
        if (existing is { Entry.Status: MailStatus.Sent or MailStatus.Uncertain } done) return (done.Entry.Status, null);

        if (existing is { Entry.Status: MailStatus.Sending } cutOff)
        {
            logger.LogWarning("Mail {Key} of {LiaisonId} was cut off mid-send; marked uncertain, not resent.", recipient.Key, batch.LiaisonId);
            var uncertain = cutOff.Entry with { Status = MailStatus.Uncertain, Error = "An earlier send was interrupted; check the provider's activity log before resending." };
            await log.TryWriteAsync(uncertain, cutOff.ETag, ct);
            return (MailStatus.Uncertain, null);
        }

        var claim = new MailLogEntry(batch.LiaisonId, recipient.Key, batch.Kind, [.. recipient.To.Select(t => t.Email)], recipient.Subject,
            MailStatus.Sending, transport.Name, existing?.Entry.CreatedAt ?? clock.GetUtcNow(), null, null,
            (existing?.Entry.Attempts ?? 0) + 1, null);
        if (!await log.TryWriteAsync(claim, existing?.ETag, ct))
            throw new InvalidOperationException($"Mail {recipient.Key} of {batch.LiaisonId} is being sent by another worker.");
        var row = await log.GetAsync(batch.LiaisonId, recipient.Key, ct) ?? throw new InvalidOperationException("Mail log row vanished.");
        return (MailStatus.Sending, (claim, row.ETag));
    }
}
