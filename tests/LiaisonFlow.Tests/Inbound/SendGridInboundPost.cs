using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;

namespace LiaisonFlow.Tests.Inbound;

/// <summary>
/// A message built with MimeKit, posted as SendGrid Inbound Parse would post it: the parsed fields (from, to,
/// subject, text, headers, envelope, attachmentN with attachment-info, charsets, SPF, dkim), or the raw MIME
/// message in "email".
/// </summary>
static class SendGridInboundPost
{
    public const string Username = "inbound";
    public const string Password = "dev-inbound";
    public const string Domain = "inbound.liaisonflow.example";
    public const string TokenKey = "dev-reply-token-key-not-for-production";

    /// <summary>Reply addresses as the host under test makes them: the sample's key, <see cref="Domain"/>.</summary>
    public static readonly LiaisonFlow.Inbound.ReplyAddresses Addresses = new(Microsoft.Extensions.Options.Options.Create(new LiaisonFlow.Hosting.LiaisonFlowOptions
    {
        Inbound = new LiaisonFlow.Inbound.InboundOptions { Domain = Domain, TokenKey = TokenKey },
    }));

    public static MimeMessage Message(string from, string to, string subject, string text, string messageId, params (string Name, string Type, byte[] Bytes)[] attachments)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = messageId;
        message.Date = new DateTimeOffset(2018, 2, 26, 10, 30, 0, TimeSpan.FromHours(1));
        var body = new BodyBuilder { TextBody = text };
        foreach (var (name, type, bytes) in attachments) body.Attachments.Add(name, bytes, ContentType.Parse(type));
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The parsed-fields post SendGrid makes of <paramref name="message"/>.</summary>
    public static MultipartFormDataContent Parsed(MimeMessage message, string spf = "pass", string dkim = "{@liaisonflow.example : pass}")
    {
        var form = Common(message, spf, dkim);
        form.Add(Text(message.TextBody ?? ""), "text");
        if (message.HtmlBody is { } html) form.Add(Text(html), "html");
        form.Add(Text(string.Concat(message.Headers.Select(h => $"{h.Field}: {h.Value}\n"))), "headers");
        var attachments = message.Attachments.OfType<MimePart>().ToList();
        form.Add(Text(attachments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), "attachments");
        var info = new JsonObject();
        for (var i = 0; i < attachments.Count; i++)
        {
            var part = attachments[i];
            using var decoded = new MemoryStream();
            part.Content!.DecodeTo(decoded);
            var file = new ByteArrayContent(decoded.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue(part.ContentType.MimeType);
            form.Add(file, $"attachment{i + 1}", part.FileName ?? $"attachment{i + 1}");
            info[$"attachment{i + 1}"] = new JsonObject { ["filename"] = part.FileName, ["name"] = part.FileName, ["type"] = part.ContentType.MimeType };
        }
        if (attachments.Count > 0) form.Add(Text(info.ToJsonString()), "attachment-info");
        return form;
    }

    /// <summary>The "raw MIME" post: the message whole in "email".</summary>
    public static MultipartFormDataContent Raw(MimeMessage message, string spf = "pass", string dkim = "{@liaisonflow.example : pass}")
    {
        var form = Common(message, spf, dkim);
        form.Add(Text(message.ToString()), "email");
        return form;
    }

    static MultipartFormDataContent Common(MimeMessage message, string spf, string dkim) => new()
    {
        { Text(message.From.ToString()), "from" },
        { Text(message.To.ToString()), "to" },
        { Text(message.Subject ?? ""), "subject" },
        { Text(new JsonObject { ["to"] = new JsonArray([.. message.To.Mailboxes.Select(m => (JsonNode)m.Address)]), ["from"] = message.From.Mailboxes.First().Address }.ToJsonString()), "envelope" },
        { Text("{\"to\":\"UTF-8\",\"from\":\"UTF-8\",\"subject\":\"UTF-8\",\"text\":\"UTF-8\"}"), "charsets" },
        { Text(spf), "SPF" },
        { Text(dkim), "dkim" },
    };

    static StringContent Text(string value) => new(value, Encoding.UTF8);

    public static AuthenticationHeaderValue Basic(string user = Username, string password = Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Posts to the webhook with the given credentials (the sample's by default; null sends none).</summary>
    public static async Task<(int Status, JsonNode? Body)> PostAsync(HttpClient client, HttpContent form, AuthenticationHeaderValue? credentials = null, bool anonymous = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/inbound/sendgrid") { Content = form };
        request.Headers.Authorization = anonymous ? null : credentials ?? Basic();
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await Infrastructure.ApiCalls.BodyAsync(response));
    }
}
