using System.Text;
using Azure.Storage.Blobs.Models;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Mail;

/// <summary>
/// Local default when no SendGrid key is set: each mail becomes a readable .eml file in the
/// "outbox" container, one blob per mail key, so sending it again overwrites the same file.
/// </summary>
public sealed class OutboxTransport(StorageClients clients, StorageNames names, IOptions<LiaisonFlowOptions> options) : IMailTransport
{
    public string Name => "Outbox";
    public async Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct)
    {
        var container = await clients.ContainerAsync(names.OutboxContainer);
        foreach (var recipient in batch.Recipients)
        {
            var mail = new OutgoingMail(batch.LiaisonId, recipient.Key, Enum.TryParse<Domain.MailKind>(batch.Kind, out var kind) ? kind : Domain.MailKind.Dispatch, recipient.To, recipient.Subject, batch.BodyFor(recipient), batch.ReplyTo);
            await container.GetBlobClient(BlobName(mail)).UploadAsync(
                BinaryData.FromString(Render(mail, options.Value.Mail)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "message/rfc822; charset=utf-8" } },
                ct);
        }
        return batch.Recipients.ToDictionary(r => r.Key, _ => new MailDelivery(true, null, null));
    }

    public static string BlobName(OutgoingMail mail) => $"{mail.LiaisonId}/{mail.Key.Replace('|', '.')}.eml";

    static string Render(OutgoingMail mail, MailOptions settings)
    {
        var text = new StringBuilder();
        text.Append("From: ").Append(settings.FromName).Append(" <").Append(settings.From).Append(">\r\n");
        text.Append("To: ").Append(string.Join(", ", mail.To.Select(t => t.Name is null ? t.Email : $"{t.Name} <{t.Email}>"))).Append("\r\n");
        if (mail.ReplyTo is { } r) text.Append("Reply-To: ").Append(r.Email).Append("\r\n");
        text.Append("Subject: ").Append(mail.Subject).Append("\r\n");
        text.Append("X-LiaisonFlow-Key: ").Append(mail.LiaisonId).Append('/').Append(mail.Key).Append("\r\n");
        text.Append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        text.Append(mail.Body.ReplaceLineEndings("\r\n"));
        return text.ToString();
    }
}
