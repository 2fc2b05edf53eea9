using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Mail;

/// <summary>
/// Sends each mail at most once per key, however often an activity is retried or a host dies.
/// The mail log row is claimed (status Sending) before the transport is called and marked Sent after.
/// A retry that finds Sent does nothing; one that finds Sending knows an earlier try was cut off and,
/// unless the transport is idempotent, marks it Uncertain rather than risk a second copy.
/// </summary>
public sealed class Mailer(IMailTransport transport, MailLog log, TimeProvider clock, ILogger<Mailer> logger)
{
    public async Task<MailStatus> SendOnceAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        var existing = await log.GetAsync(mail.LiaisonId, mail.Key, ct);
        if (existing is { Entry.Status: MailStatus.Sent or MailStatus.Uncertain } done) return done.Entry.Status;

        if (existing is { Entry.Status: MailStatus.Sending } cutOff && !transport.IsIdempotent)
        {
            logger.LogWarning("Mail {Key} of {LiaisonId} was cut off mid-send; marked uncertain, not resent.", mail.Key, mail.LiaisonId);
            var uncertain = cutOff.Entry with { Status = MailStatus.Uncertain, Error = "An earlier send was interrupted; check the provider's activity log before resending." };
            await log.TryWriteAsync(uncertain, cutOff.ETag, ct);
            return MailStatus.Uncertain;
        }

        var claim = new MailLogEntry(mail.LiaisonId, mail.Key, mail.Kind, [.. mail.To.Select(t => t.Email)], mail.Subject,
            MailStatus.Sending, transport.Name, existing?.Entry.CreatedAt ?? clock.GetUtcNow(), null, null,
            (existing?.Entry.Attempts ?? 0) + 1, null);
        if (!await log.TryWriteAsync(claim, existing?.ETag, ct))
            throw new InvalidOperationException($"Mail {mail.Key} of {mail.LiaisonId} is being sent by another worker.");

        var claimed = await log.GetAsync(mail.LiaisonId, mail.Key, ct) ?? throw new InvalidOperationException("Mail log row vanished.");
        string? messageId;
        try
        {
            messageId = await transport.SendAsync(mail, ct);
        }
        catch (MailRejectedException e)
        {
            await log.TryWriteAsync(claim with { Status = MailStatus.Failed, Error = e.Message }, claimed.ETag, ct);
            throw;
        }
        await log.TryWriteAsync(claim with { Status = MailStatus.Sent, SentAt = clock.GetUtcNow(), ProviderMessageId = messageId }, claimed.ETag, ct);
        return MailStatus.Sent;
    }
}
