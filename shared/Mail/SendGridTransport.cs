using LiaisonFlow.Hosting;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace LiaisonFlow.Mail;

/// <summary>Mail through the SendGrid v3 API: a batch is one request, one personalization per recipient.</summary>
public sealed class SendGridTransport(IOptions<LiaisonFlowOptions> options, IHttpClientFactory httpClients) : IMailTransport
{
    public string Name => "SendGrid";
    public async Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct)
    {
        var settings = options.Value.Mail;
        var clientOptions = new SendGridClientOptions { ApiKey = settings.SendGridApiKey };
        if (!string.IsNullOrEmpty(settings.SendGridHost)) clientOptions.Host = settings.SendGridHost;
        var client = new SendGridClient(httpClients.CreateClient(nameof(SendGridTransport)), clientOptions);

        var message = new SendGridMessage
        {
            From = new EmailAddress(settings.From, settings.FromName),
            PlainTextContent = batch.BodyTemplate,
        };
        if (batch.ReplyTo is { } replyTo) message.ReplyTo = new EmailAddress(replyTo.Email, replyTo.Name);
        for (var i = 0; i < batch.Recipients.Count; i++)
        {
            var recipient = batch.Recipients[i];
            message.AddTos([.. recipient.To.Select(t => new EmailAddress(t.Email, t.Name))], i);
            message.SetSubject(recipient.Subject, i);
            foreach (var (token, value) in recipient.Values) message.AddSubstitution(token, value, i);
            // Lets SendGrid's activity feed and event webhooks be matched to the mail log rows.
            message.AddCustomArg("liaisonId", batch.LiaisonId, i);
            message.AddCustomArg("mailKey", recipient.Key, i);
        }

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, ct);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new MailUnavailableException($"SendGrid could not be reached: {e.Message}");
        }
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Body.ReadAsStringAsync(ct);
            throw new MailUnavailableException($"SendGrid answered {(int)response.StatusCode}: {body}");
        }
        var id = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
        return batch.Recipients.ToDictionary(r => r.Key, _ => new MailDelivery(true, id, null));
    }
}
