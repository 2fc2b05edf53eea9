using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Inbound;

/// <summary>
/// Works on a stored inbound message: one sent to a reply address, from an address the directory knows for
/// that group, that passed SPF or DKIM — or one a person assigned — is registered as the group's reply
/// through the ledger (with the acknowledgement to its sender in the same change); anything else goes to the
/// holding pen, saying why. Idempotent: a message processed twice (a crash, a retry, the recovery sweep)
/// registers one reply and queues one acknowledgement, as the reply's key decides.
/// </summary>
public sealed class InboundRegistrar(
    InboundStore inbound,
    LiaisonStore liaisons,
    LiaisonLedger ledger,
    GroupStore groups,
    DocumentStore documents,
    ReplyAddresses replyAddresses,
    WorkflowStarter workflows,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options,
    ILogger<InboundRegistrar> logger)
{
    public const string Actor = "LiaisonFlow (inbound mail)";

    /// <summary>Processes a record that is Received; returns it as stored after (unchanged if it was not Received).</summary>
    public async Task<InboundRecord> ProcessAsync(InboundRecord record, DurableTaskClient durable, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 5 && record.State == InboundStatus.Received; attempt++)
        {
            var registeredTo = await DecideAsync(record, clock.GetUtcNow(), ct);
            if (await inbound.UpdateAsync(record, ct))
            {
                if (registeredTo is not null) await workflows.TryNudgeAsync(durable, registeredTo, ct);
                return record;
            }
            // Another worker moved it first: see where it stands now.
            record = await inbound.GetAsync(record.Id, ct) ?? record;
        }
        return record;
    }

    /// <summary>Every message stored but not processed (a crash after the store): processed now. For the recovery sweep.</summary>
    public async Task<int> ProcessReceivedAsync(DurableTaskClient durable, DateTimeOffset storedBefore, CancellationToken ct = default)
    {
        var processed = 0;
        foreach (var record in await inbound.ListAsync(InboundStatus.Received, ct))
        {
            if (record.Timestamp is { } written && written > storedBefore) continue; // the webhook is still on it
            try
            {
                await ProcessAsync(record, durable, ct);
                processed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Inbound message {InboundId}: processing failed; the next sweep tries again.", record.Id);
            }
        }
        return processed;
    }

    /// <summary>Moves the record to Registered or Unmatched (not yet written); the LS to nudge when a reply was registered.</summary>
    async Task<string?> DecideAsync(InboundRecord record, DateTimeOffset now, CancellationToken ct)
    {
        var directory = await groups.GetDirectoryAsync(ct);
        ReplyTarget target;
        string how, actor;
        if (record is { AssignedBy: { } by, LiaisonId: { } assignedLs, GroupId: { } assignedGroup })
        {
            (target, how, actor) = (new ReplyTarget(assignedLs, assignedGroup), $"assigned by {by}", by);
        }
        else
        {
            var found = record.RecipientList.Select(replyAddresses.Read).FirstOrDefault(t => t is not null);
            if (found is not null)
            {
                var group = directory.Find(found.GroupId);
                if (group is null || !group.KnowsSender(record.FromAddress))
                {
                    record.Hold(PenReason.UnknownSender, $"Sent to the reply address of {group?.Name ?? found.GroupId} for LS {found.LiaisonId}, but {record.FromAddress} is not an address the directory knows for that group.", now);
                    return null;
                }
                (target, how) = (found, "matched by reply address");
            }
            else if (record.RecipientList.Any(replyAddresses.LooksLikeOne))
            {
                record.Hold(PenReason.NoReplyAddress, "Sent to a reply address that does not verify (altered, or made under an earlier key): not matched by what it quotes either.", now);
                return null;
            }
            else
            {
                // No reply address: matched by what it quotes, and the group by the sender's address.
                var text = await inbound.TextAsync(record, ct);
                var sent = await QuotedLiaisons.WithAddresseesAsync(liaisons, await liaisons.ListAsync(new LiaisonQuery(), ct), record, text, ct);
                var match = ReplyMatcher.Match(record.Subject, text, record.AttachmentList.Select(a => a.FileName), record.FromAddress, sent, directory);
                if (match.Target is null)
                {
                    record.Hold(match.Reason!.Value, match.Detail, now);
                    return null;
                }
                (target, how) = (match.Target, match.How);
            }
            if (!record.SpfPassed && !record.DkimPassed)
            {
                record.Hold(PenReason.FailedSpfAndDkim, $"Neither SPF ({record.Spf ?? "none"}) nor DKIM ({record.Dkim ?? "none"}) passed: the sender may be forged.", now);
                return null;
            }
            actor = Actor;
        }

        var (problem, reference) = await RegisterAsync(record, target, directory, how, actor, now, ct);
        if (problem is not null)
        {
            record.LiaisonId = record.GroupId = record.AssignedBy = null;
            record.Hold(PenReason.LiaisonRefused, $"Not registered against LS {target.LiaisonId}: {problem}", now);
            return null;
        }
        record.LiaisonId = target.LiaisonId;
        record.GroupId = target.GroupId;
        record.Reference = reference;
        record.Reason = record.ReasonDetail = null;
        record.Move(InboundStatus.Registered, actor,
            $"Registered as the reply {reference} of {directory.Find(target.GroupId)?.Name ?? target.GroupId} to LS {target.LiaisonId} ({how}).", now);
        return target.LiaisonId;
    }

    /// <summary>Records the group's reply on the LS, with the first attachment as its document and the acknowledgement; the problem when the LS refused it.</summary>
    async Task<(string? Problem, string Reference)> RegisterAsync(InboundRecord record, ReplyTarget target, GroupDirectory directory, string how, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var ls = await liaisons.GetDetailsAsync(target.LiaisonId, ct);
        if (ls is null) return ($"No LS \"{target.LiaisonId}\".", "");
        if (!LiaisonRules.AcceptsReplies(ls.Liaison.State)) return ($"An LS in state {ls.Liaison.State} has not been sent, so it takes no replies.", "");

        var groupName = directory.Find(target.GroupId)?.Name ?? target.GroupId;
        var addressee = ls.Liaison.Addressees.FirstOrDefault(a => a.GroupId == target.GroupId);
        var attachments = record.AttachmentList;
        var reference = ReplyReferences.Of(record.Subject, attachments.Select(a => a.FileName), ls.Liaison.Number, record.Id);
        var receivedOn = Geneva.DateOf(record.SentAt is { Year: >= 1990 and <= 2200 } sent ? sent : record.ReceivedAt);

        // The reply's model holds one document: the first attachment (the others stay in the inbound record).
        LiaisonDocument? document = null;
        HistoryEntry? documentEntry = null;
        if (attachments.FirstOrDefault() is { } first && await inbound.OpenAsync(first.BlobName, ct) is { } blob)
        {
            await using var content = blob.Content;
            var upload = await documents.UploadAsync(ls.Liaison.Id, first.FileName, content, first.ContentType, options.Value.MaxDocumentBytes, ct, reply: true);
            document = new LiaisonDocument(first.FileName, upload.Length, first.ContentType, upload.Sha256, now, actor, upload.BlobName);
            documentEntry = new HistoryEntry(now, $"document:{first.FileName}:{upload.Sha256[..16]}", LiaisonEvent.DocumentUploaded, actor,
                $"{first.FileName} ({upload.Length} bytes, sha256 {upload.Sha256}), the reply of {groupName}, from inbound mail {record.Id}.", null);
        }

        var reply = new Reply(target.GroupId, groupName, reference, receivedOn, $"Mail from {record.FromAddress}: \"{record.Subject}\" (inbound mail {record.Id}).",
            document?.FileName, addressee?.Purpose.ExpectsReply() == true, now, actor);
        var entry = new HistoryEntry(now, $"reply:{Reply.Key(target.GroupId, reference)}", LiaisonEvent.ReplyReceived, actor,
            $"{groupName} replied with {reference} on {ReplyMails.Date(receivedOn)} ({how}; mail from {record.FromAddress}).", null);
        var result = await ledger.ChangeAsync(ls.Liaison.Id, LiaisonChanges.RecordReply(reply, entry, document, documentEntry, Acknowledgement(ls.Liaison, groupName, reference, receivedOn, record, now)), ct);
        return result.Succeeded ? (null, reference) : (result.Message ?? "refused.", reference);
    }

    /// <summary>
    /// A message registered as an incoming LS brings its attachments as that LS's documents (the LS's TD and
    /// annexes). Each is keyed by name and hash, so a request retried after a crash adds none twice.
    /// </summary>
    public async Task<int> AttachToAsync(InboundRecord record, string liaisonId, string actor, CancellationToken ct = default)
    {
        var added = 0;
        foreach (var attachment in record.AttachmentList)
        {
            if (await inbound.OpenAsync(attachment.BlobName, ct) is not { } blob) continue; // listed, never stored: nothing to copy
            var now = clock.GetUtcNow();
            await using var content = blob.Content;
            var upload = await documents.UploadAsync(liaisonId, attachment.FileName, content, attachment.ContentType, options.Value.MaxDocumentBytes, ct);
            var document = new LiaisonDocument(attachment.FileName, upload.Length, attachment.ContentType, upload.Sha256, now, actor, upload.BlobName);
            var entry = new HistoryEntry(now, $"document:{attachment.FileName}:{upload.Sha256[..16]}", LiaisonEvent.DocumentUploaded, actor,
                $"{attachment.FileName} ({upload.Length} bytes, sha256 {upload.Sha256}), from inbound mail {record.Id}.", null);
            var result = await ledger.ChangeAsync(liaisonId, LiaisonChanges.AddDocument(document, entry), ct);
            if (result.Outcome == ChangeOutcome.Applied) added++;
        }
        return added;
    }

    MailEntity? Acknowledgement(LiaisonStatement ls, string groupName, string reference, DateOnly receivedOn, InboundRecord record, DateTimeOffset now)
    {
        if (MailAddresses.Refusal([new MailRecipient(record.FromAddress)]) is not null) return null; // nowhere to acknowledge to
        var mail = Acknowledgements.For(ls, groupName, reference, receivedOn, record.FromAddress, record.Subject, record.Id, null);
        var from = options.Value.Mail.From;
        var domain = from.LastIndexOf('@') is var at and >= 0 ? from[(at + 1)..] : "liaisonflow.invalid";
        var copy = new BatchRecipient(mail.Key, mail.To, mail.Subject, new Dictionary<string, string>(), MailIds.MessageId(ls.Id, mail.Key, domain));
        return MailEntity.Queue(ls.Id, mail.Kind, mail.Key, copy, mail.Body, mail.ReplyTo, now);
    }
}
