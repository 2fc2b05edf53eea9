using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiaisonFlow.Hosting;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace LiaisonFlow.Mail;

/// <summary>
/// Mail through the SendGrid v3 API: a batch is one request, one personalization per recipient.
/// SendGrid answers 400 for the whole request when one copy is bad; the copies its errors name are refused
/// and the rest go again together (or, when the errors name no copy, each on a request of its own).
/// </summary>
public sealed partial class SendGridTransport(IOptions<LiaisonFlowOptions> options, IHttpClientFactory httpClients) : IMailTransport
{
    public string Name => "SendGrid";

    public async Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct)
    {
        var deliveries = new Dictionary<string, MailDelivery>(StringComparer.Ordinal);
        var pending = new List<BatchRecipient>();
        foreach (var recipient in batch.Recipients)
        {
            if (recipient.MessageId is { } id && !MailIds.IsValid(id))
                throw new ArgumentException($"Mail {recipient.Key} of {batch.LiaisonId} has an invalid Message-ID '{id}'.", nameof(batch));
            if (MailAddresses.Refusal(recipient.To) is { } refusal) deliveries[recipient.Key] = MailDelivery.Refuse(refusal);
            else pending.Add(recipient);
        }
        if (pending.Count == 0) return deliveries;

        var client = Client();
        try
        {
            await SendTogetherAsync(client, batch, pending, deliveries, ct);
        }
        catch (MailUnavailableException e) when (deliveries.Count > 0)
        {
            throw new MailUnavailableException(e.Message, e) { Settled = deliveries };
        }
        return deliveries;
    }

    SendGridClient Client()
    {
        var settings = options.Value.Mail;
        var clientOptions = new SendGridClientOptions { ApiKey = settings.SendGridApiKey };
        if (!string.IsNullOrEmpty(settings.SendGridHost)) clientOptions.Host = settings.SendGridHost;
        return new SendGridClient(httpClients.CreateClient(nameof(SendGridTransport)), clientOptions);
    }

    /// <summary>
    /// Sends the copies in one request; on a 400 that names copies, refuses those and sends the rest again,
    /// until SendGrid accepts a request or no copy is left. A 400 naming none isolates each copy.
    /// </summary>
    async Task SendTogetherAsync(SendGridClient client, MailBatch batch, List<BatchRecipient> copies, Dictionary<string, MailDelivery> deliveries, CancellationToken ct)
    {
        while (copies.Count > 0)
        {
            var answer = await PostAsync(client, batch, copies, ct);
            if (answer.Accepted)
            {
                foreach (var copy in copies) deliveries[copy.Key] = MailDelivery.Accept(answer.MessageId);
                return;
            }

            var named = answer.Errors
                .Select(e => (Index: PersonalizationIndex(e.Field), e.Message))
                .Where(e => e.Index is { } i && i < copies.Count)
                .GroupBy(e => e.Index!.Value)
                .ToDictionary(g => g.Key, g => Refusal(g.Select(e => e.Message)));
            if (named.Count == 0)
            {
                if (copies.Count == 1)
                {
                    deliveries[copies[0].Key] = MailDelivery.Refuse(Refusal(answer.Errors.Select(e => e.Message)));
                    return;
                }
                foreach (var copy in copies) await SendTogetherAsync(client, batch, [copy], deliveries, ct);
                return;
            }
            foreach (var (index, refusal) in named) deliveries[copies[index].Key] = MailDelivery.Refuse(refusal);
            copies = [.. copies.Where((_, i) => !named.ContainsKey(i))];
        }
    }

    static string Refusal(IEnumerable<string> messages)
    {
        var distinct = messages.Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return "SendGrid refused it: " + (distinct.Count == 0 ? "the request was invalid (400)." : string.Join(" ", distinct));
    }

    sealed record Answer(bool Accepted, string? MessageId, IReadOnlyList<(string? Field, string Message)> Errors);

    /// <summary>One v3 /mail/send request; 2xx and 400 are answers, everything else is <see cref="MailUnavailableException"/>.</summary>
    async Task<Answer> PostAsync(SendGridClient client, MailBatch batch, IReadOnlyList<BatchRecipient> copies, CancellationToken ct)
    {
        var message = Message(batch, copies);
        Response response;
        try
        {
            response = await client.SendEmailAsync(message, ct);
        }
        catch (HttpRequestException e)
        {
            throw new MailUnavailableException($"SendGrid could not be reached: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new MailUnavailableException("SendGrid did not answer in time.", e);
        }

        if (response.IsSuccessStatusCode)
            return new(true, response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null, []);

        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.BadRequest) return new(false, null, Errors(body));
        throw new MailUnavailableException(response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"SendGrid refused the API key or the sender ({status}): check LiaisonFlow:Mail:SendGridApiKey and that {options.Value.Mail.From} is a verified sender. {Shorten(body)}",
            HttpStatusCode.RequestEntityTooLarge =>
                $"SendGrid refused the request as too large (413): {copies.Count} personalization(s) of {batch.LiaisonId}/{batch.Kind}. {Shorten(body)}",
            HttpStatusCode.TooManyRequests => $"SendGrid is rate-limiting (429). {Shorten(body)}",
            _ => $"SendGrid answered {status}. {Shorten(body)}",
        });
    }

    static string Shorten(string body) => body.Length <= 500 ? body : body[..500] + "…";

    SendGridMessage Message(MailBatch batch, IReadOnlyList<BatchRecipient> copies)
    {
        var settings = options.Value.Mail;
        var message = new SendGridMessage
        {
            From = new EmailAddress(settings.From, MailNames.DisplayName(settings.FromName)),
            PlainTextContent = batch.BodyTemplate,
        };
        if (batch.ReplyTo is { } replyTo) message.ReplyTo = new EmailAddress(replyTo.Email, MailNames.DisplayName(replyTo.Name));
        for (var i = 0; i < copies.Count; i++)
        {
            var copy = copies[i];
            message.AddTos([.. copy.To.Select(t => new EmailAddress(t.Email, MailNames.DisplayName(t.Name)))], i);
            message.SetSubject(MailNames.Subject(copy.Subject), i);
            foreach (var (token, value) in copy.Values) message.AddSubstitution(token, value, i);
            if (copy.MessageId is { } messageId) message.AddHeader("Message-ID", $"<{messageId}>", i);
            // Lets SendGrid's activity feed and event webhooks be matched to the mail log rows.
            message.AddCustomArg("liaisonId", batch.LiaisonId, i);
            message.AddCustomArg("mailKey", copy.Key, i);
        }
        return message;
    }

    /// <summary>The errors of a 400 body: {"errors":[{"message":"…","field":"personalizations.3.to.0.email"}]}; empty when it is not that shape.</summary>
    static List<(string? Field, string Message)> Errors(string body)
    {
        var errors = new List<(string?, string)>();
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("errors", out var list) || list.ValueKind != JsonValueKind.Array)
                return errors;
            foreach (var error in list.EnumerateArray())
            {
                if (error.ValueKind != JsonValueKind.Object) continue;
                errors.Add((Text(error, "field"), Text(error, "message") ?? ""));
            }
        }
        catch (JsonException)
        {
        }
        return errors;

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>The personalization an error field is about: "personalizations.3.to.0.email" or "personalizations[3]…" → 3.</summary>
    static int? PersonalizationIndex(string? field) =>
        field is not null && PersonalizationField().Match(field) is { Success: true } m && int.TryParse(m.Groups[1].ValueSpan, out var index) ? index : null;

    [GeneratedRegex(@"^personalizations[.\[](\d{1,4})(?:[.\]]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PersonalizationField();
}
