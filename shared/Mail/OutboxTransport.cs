using Azure;
using Azure.Storage.Blobs.Models;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LiaisonFlow.Mail;

/// <summary>
/// Local default when no SendGrid key is set: each mail becomes a readable .eml file in the
/// "outbox" container, one blob per mail key, so sending it again overwrites the same file.
/// A copy with an invalid address is refused, as a provider would, and not written.
/// </summary>
public sealed class OutboxTransport(StorageClients clients, StorageNames names, IOptions<LiaisonFlowOptions> options) : IMailTransport
{
    /// <summary>An .eml is written with CRLF line ends whatever the platform.</summary>
    static readonly FormatOptions Crlf = Dos();

    public string Name => "Outbox";

    public async Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct)
    {
        foreach (var recipient in batch.Recipients)
        {
            if (recipient.MessageId is { } id && !MailIds.IsValid(id))
                throw new ArgumentException($"Mail {recipient.Key} of {batch.LiaisonId} has an invalid Message-ID '{id}'.", nameof(batch));
        }

        var deliveries = new Dictionary<string, MailDelivery>(StringComparer.Ordinal);
        var container = await clients.ContainerAsync(names.OutboxContainer);
        foreach (var recipient in batch.Recipients)
        {
            if (MailAddresses.Refusal(recipient.To) is { } refusal)
            {
                deliveries[recipient.Key] = MailDelivery.Refuse(refusal);
                continue;
            }
            var mail = new OutgoingMail(batch.LiaisonId, recipient.Key, batch.Kind, recipient.To, recipient.Subject, batch.BodyFor(recipient), batch.ReplyTo, recipient.MessageId);
            using var eml = new MemoryStream();
            await Render(mail, options.Value.Mail).WriteToAsync(Crlf, eml, ct);
            eml.Position = 0;
            try
            {
                await container.GetBlobClient(BlobName(mail)).UploadAsync(
                    eml,
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "message/rfc822; charset=utf-8" } },
                    ct);
            }
            catch (RequestFailedException e)
            {
                throw new MailUnavailableException($"The outbox container could not be written ({e.Status}): {e.Message}", e) { Settled = deliveries };
            }
            deliveries[recipient.Key] = MailDelivery.Accept(null);
        }
        return deliveries;
    }

    static FormatOptions Dos()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    public static string BlobName(OutgoingMail mail) => $"{mail.LiaisonId}/{mail.Key.Replace('|', '.')}.eml";

    /// <summary>The mail as MIME: names and subject on one line (as SendGrid would get them), a UTF-8 plain-text body.</summary>
    public static MimeMessage Render(OutgoingMail mail, MailOptions settings)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(MailNames.DisplayName(settings.FromName), settings.From));
        message.To.AddRange(mail.To.Select(t => new MailboxAddress(MailNames.DisplayName(t.Name), t.Email)));
        if (mail.ReplyTo is { } replyTo) message.ReplyTo.Add(new MailboxAddress(MailNames.DisplayName(replyTo.Name), replyTo.Email));
        message.Subject = MailNames.Subject(mail.Subject);
        if (mail.MessageId is { } messageId) message.MessageId = messageId;
        message.Headers.Add("X-LiaisonFlow-Key", MailNames.Subject($"{mail.LiaisonId}/{mail.Key}"));

        var body = new TextPart("plain");
        body.SetText("utf-8", mail.Body.ReplaceLineEndings("\r\n"));
        message.Body = body;
        // 7bit when ASCII, 8bit (still readable) otherwise; quoted-printable only for lines over 998 characters.
        message.Prepare(EncodingConstraint.EightBit, 998);
        return message;
    }
}
