using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Mail;

/// <summary>What a delivery run did, and when the outbox must be looked at again (null: nothing left to send).</summary>
public sealed record OutboxResult(int Handed, int Refused, DateTimeOffset? RetryAt)
{
    public static readonly OutboxResult Empty = new(0, 0, null);
}

/// <summary>
/// Delivers an LS's queued mail (see <see cref="MailEntity"/>). Each batch is claimed (Sending) in a
/// guarded write right before the provider is called, then marked Sent or Refused. A copy found still
/// Sending after <see cref="MailOptions.InterruptedAfter"/> was cut off by a crash: it goes again, with
/// the same Message-ID, so the only duplicate possible — a crash inside the provider's call — is
/// folded by mail clients, and a mail is never lost. The provider being down leaves the mail queued.
/// </summary>
public sealed class MailOutbox(IMailTransport transport, LiaisonLedger ledger, TimeProvider clock, IOptions<LiaisonFlowOptions> options, ILogger<MailOutbox> logger)
{
    static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    /// <summary>Copies claimed in one transaction (of 100 operations): each copy, its "sent again" line, and the LS's record.</summary>
    public const int MaxCopiesPerClaim = (LiaisonLedger.MaxRowsPerChange - 1) / 2;

    public async Task<OutboxResult> DeliverAsync(LiaisonSnapshot snapshot, CancellationToken ct = default)
    {
        var settings = options.Value.Mail;
        var now = clock.GetUtcNow();
        bool Interrupted(MailEntity m) => m.State == MailStatus.Sending && (m.ClaimedAt ?? m.CreatedAt) + settings.InterruptedAfter <= now;
        var due = snapshot.Mail.Where(m => m.State == MailStatus.Queued || Interrupted(m)).ToList();
        var retryAt = snapshot.Mail.Where(m => m.State == MailStatus.Sending && !Interrupted(m))
            .Select(m => (DateTimeOffset?)((m.ClaimedAt ?? m.CreatedAt) + settings.InterruptedAfter)).Min();
        int handed = 0, refused = 0;
        // The LS as each mail update leaves it, so the next one knows what it writes over (null once unknown).
        LiaisonSnapshot? basis = snapshot;
        async Task<bool> UpdateAsync(IReadOnlyList<MailEntity> rows, IEnumerable<HistoryEntry> history)
        {
            var update = await ledger.UpdateMailAsync(snapshot.Id, basis, rows, history, ct);
            if (update.Written) basis = update.After;
            return update.Written;
        }

        // Copies of one batch with their own Reply-To (reply addresses) go apart: SendGrid has one Reply-To per request.
        // And at most MaxCopiesPerClaim at a time: a claim writes each copy, a line per copy sent again, and the record.
        foreach (var batch in due.GroupBy(m => (m.BatchId, m.ReplyTo)).SelectMany(b => b.OrderBy(m => m.Key, StringComparer.Ordinal).Chunk(MaxCopiesPerClaim)))
        {
            var rows = batch.ToList();
            var resent = rows.Where(r => r.State == MailStatus.Sending).Select(r => new HistoryEntry(now, $"mail-resent|{r.Key}|{r.Attempts}", LiaisonEvent.MailResent,
                "LiaisonFlow", $"{r.Kind} mail to {string.Join(", ", r.Recipients.Select(t => t.Email))}: an earlier send was cut off; sent again with the same Message-ID.", null)).ToList();
            foreach (var row in rows)
            {
                row.Status = nameof(MailStatus.Sending);
                row.ClaimedAt = now;
                row.Attempts++;
                row.Transport = transport.Name;
            }
            if (!await UpdateAsync(rows, resent)) { basis = null; continue; } // another worker claimed it first

            var first = rows[0];
            IReadOnlyDictionary<string, MailDelivery> outcome;
            try
            {
                FaultPoints.Hit(FaultPoint.MailClaimed);
                outcome = await transport.SendAsync(new MailBatch(snapshot.Id, first.MailKind, first.BodyTemplate, [.. rows.Select(r => r.Copy())], first.ReplyToRecipient), ct);
            }
            catch (MailUnavailableException e)
            {
                logger.LogWarning("LS {LiaisonId}: {Transport} unavailable for {Count} mail(s): {Error}", snapshot.Id, transport.Name, rows.Count, e.Message);
                // Copies the provider settled before it failed (when a batch went copy by copy) keep their outcome.
                var (settledHanded, settledRefusals) = Settle(rows.Where(r => e.Settled.ContainsKey(r.Key)), e.Settled, clock.GetUtcNow());
                handed += settledHanded;
                refused += settledRefusals.Count;
                foreach (var row in rows.Where(r => !e.Settled.ContainsKey(r.Key)))
                {
                    row.Status = nameof(MailStatus.Queued);
                    row.Error = e.Message;
                }
                await UpdateAsync(rows, settledRefusals);
                var wait = TimeSpan.FromTicks(Math.Min(MaxRetryAfter.Ticks, settings.RetryAfter.Ticks << Math.Min(rows.Max(r => r.Attempts) - 1, 12)));
                retryAt = Earliest(retryAt, now + wait);
                continue;
            }
            FaultPoints.Hit(FaultPoint.MailHanded);

            var (batchHanded, refusals) = Settle(rows, outcome, clock.GetUtcNow());
            handed += batchHanded;
            refused += refusals.Count;
            // A crash before this line leaves the batch Sending: it goes again with the same Message-ID.
            await UpdateAsync(rows, refusals);
        }
        return new OutboxResult(handed, refused, retryAt);
    }

    /// <summary>Marks each row as the provider answered for it; the history lines of the refused ones.</summary>
    static (int Handed, List<HistoryEntry> Refusals) Settle(IEnumerable<MailEntity> rows, IReadOnlyDictionary<string, MailDelivery> outcome, DateTimeOffset at)
    {
        var handed = 0;
        var refusals = new List<HistoryEntry>();
        foreach (var row in rows)
        {
            handed++;
            var delivery = outcome.TryGetValue(row.Key, out var d) ? d : MailDelivery.Refuse("The provider did not answer for this copy.");
            if (delivery.Accepted)
            {
                row.Status = nameof(MailStatus.Sent);
                row.SentAt = at;
                row.ProviderMessageId = delivery.ProviderMessageId;
                row.Error = null;
                continue;
            }
            row.Status = nameof(MailStatus.Refused);
            row.Error = delivery.Refusal;
            refusals.Add(new HistoryEntry(at, $"mail-refused|{row.Key}", LiaisonEvent.MailRefused, "LiaisonFlow",
                $"{row.Kind} mail to {string.Join(", ", row.Recipients.Select(t => t.Email))} was refused: {delivery.Refusal}", null));
        }
        return (handed, refusals);
    }

    static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
