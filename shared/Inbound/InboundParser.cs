using System.Globalization;
using System.Text;
using System.Text.Json;
using LiaisonFlow.Import;
using LiaisonFlow.Storage;
using Microsoft.AspNetCore.Http;
using MimeKit;
using MimeKit.Utils;

namespace LiaisonFlow.Inbound;

/// <summary>
/// Reads a SendGrid Inbound Parse post (multipart/form-data) in either shape — parsed fields, or the raw
/// MIME message in "email" — and says which field is wrong when it is not one: no sender or recipient, bad
/// envelope, charsets or attachment-info JSON, an attachment count that does not match the files.
/// </summary>
public static class InboundParser
{
    /// <summary>Attachments of one message, at most; a mail with more goes to a person, not to a parser.</summary>
    public const int MaxAttachments = 50;

    public static InboundPost? Read(IFormCollection form, ValidationErrors errors)
    {
        var envelope = Envelope(form, errors);
        JsonObjectField(form, "charsets", errors);
        var spf = Single(form, "SPF");
        var dkim = Single(form, "dkim");
        return form.ContainsKey("email")
            ? Raw(form, envelope, spf, dkim, errors)
            : Parsed(form, envelope, spf, dkim, errors);
    }

    static InboundPost? Parsed(IFormCollection form, (string? From, List<string> To) envelope, string? spf, string? dkim, ValidationErrors errors)
    {
        var from = Mailboxes(Single(form, "from")).FirstOrDefault();
        if (from is null) errors.Add("from", "The sender is missing or is not an address: \"from\" must be like \"ITU-T SG17 <tsbsg17@itu.int>\".");
        var to = Mailboxes(Single(form, "to"));
        if (to.Count == 0 && envelope.To.Count == 0) errors.Add("to", "The recipients are missing or are not addresses.");
        var cc = Mailboxes(Single(form, "cc"));
        var info = JsonObjectField(form, "attachment-info", errors);

        var attachments = new List<PostedAttachment>();
        var declared = Single(form, "attachments");
        var count = 0;
        if (declared is not null && (!int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > MaxAttachments))
            errors.Add("attachments", $"\"attachments\" must be the number of attachments, 0 to {MaxAttachments}.");
        else
        {
            for (var n = 1; n <= count; n++)
            {
                var file = form.Files.GetFile($"attachment{n}");
                if (file is null) { errors.Add("attachments", $"\"attachments\" says {count}, but there is no file attachment{n}."); break; }
                var described = info?[$"attachment{n}"] as System.Text.Json.Nodes.JsonObject;
                var name = (string?)described?["filename"] ?? file.FileName;
                var type = (string?)described?["type"] ?? file.ContentType;
                attachments.Add(new PostedAttachment(SafeFileName(name, n), ContentType(type), file.OpenReadStream));
            }
            if (form.Files.Count != count)
                errors.Add("attachments", $"The post has {form.Files.Count} file(s) but \"attachments\" says {count}.");
        }
        if (errors.Any) return null;

        var headers = Headers(Single(form, "headers"));
        var text = Single(form, "text");
        var html = Single(form, "html");
        // Stored whole: every text field, in a fixed order, so a redelivery hashes the same.
        var fields = form.Keys.Order(StringComparer.Ordinal).ToDictionary(k => k, k => form[k].ToString());
        var content = JsonSerializer.SerializeToUtf8Bytes(fields);
        return new InboundPost(InboundVariant.Parsed, from!.Address, Name(from), Recipients(to, cc, envelope.To), Single(form, "subject") ?? "",
            TextOf(text, html), MessageIdOf(headers?[HeaderId.MessageId]), DateOf(headers?[HeaderId.Date]), spf, dkim, content, attachments);
    }

    static InboundPost? Raw(IFormCollection form, (string? From, List<string> To) envelope, string? spf, string? dkim, ValidationErrors errors)
    {
        var raw = Single(form, "email");
        if (string.IsNullOrWhiteSpace(raw)) { errors.Add("email", "The raw message (\"email\") is empty."); return null; }
        // The form gives the field as text; MIME is 7-bit or 8-bit octets, which UTF-8 round-trips.
        var content = Encoding.UTF8.GetBytes(raw);
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            message = MimeMessage.Load(stream);
        }
        catch (FormatException e)
        {
            errors.Add("email", $"The raw message is not MIME: {e.Message}");
            return null;
        }
        var from = message.From.Mailboxes.FirstOrDefault();
        if (from is null || !IsAddress(from.Address)) errors.Add("email", "The raw message has no From address.");
        var to = message.To.Mailboxes.Select(m => m.Address).ToList();
        if (to.Count == 0 && envelope.To.Count == 0) errors.Add("email", "The raw message has no To address.");
        var parts = message.Attachments.OfType<MimePart>().ToList();
        if (parts.Count > MaxAttachments) errors.Add("email", $"The raw message has {parts.Count} attachments; at most {MaxAttachments} are taken.");
        if (errors.Any) return null;

        var attachments = parts.Select((part, i) => new PostedAttachment(SafeFileName(part.FileName, i + 1), ContentType(part.ContentType.MimeType), () =>
        {
            var decoded = new MemoryStream();
            part.Content?.DecodeTo(decoded);
            decoded.Position = 0;
            return decoded;
        })).ToList();
        var date = message.Headers.Contains(HeaderId.Date) ? message.Date : (DateTimeOffset?)null;
        return new InboundPost(InboundVariant.Raw, from!.Address, Name(from), Recipients(to, message.Cc.Mailboxes.Select(m => m.Address).ToList(), envelope.To),
            message.Subject ?? "", TextOf(message.TextBody, message.HtmlBody), MessageIdOf(message.MessageId), date, spf, dkim, content, attachments);
    }

    /// <summary>{"to":["reply+…@…"],"from":"sender@…"}: where the message was really delivered.</summary>
    static (string? From, List<string> To) Envelope(IFormCollection form, ValidationErrors errors)
    {
        var json = JsonObjectField(form, "envelope", errors);
        var to = new List<string>();
        if (json is null) return (null, to);
        switch (json["to"])
        {
            case System.Text.Json.Nodes.JsonArray list when list.All(t => t is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out _)):
                to.AddRange(list.Select(t => (string)t!));
                break;
            case System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var one):
                to.Add(one);
                break;
            case null:
                break;
            default:
                errors.Add("envelope", "\"envelope\".to must be a list of addresses.");
                break;
        }
        var from = json["from"] is System.Text.Json.Nodes.JsonValue f && f.TryGetValue<string>(out var s) ? s : null;
        return (from, to);
    }

    static System.Text.Json.Nodes.JsonObject? JsonObjectField(IFormCollection form, string name, ValidationErrors errors)
    {
        var text = Single(form, name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) is System.Text.Json.Nodes.JsonObject o) return o;
        }
        catch (JsonException)
        {
        }
        errors.Add(name, $"\"{name}\" must be a JSON object.");
        return null;
    }

    static string? Single(IFormCollection form, string name) => form.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    static List<MailboxAddress> Mailboxes(string? text) =>
        text is not null && InternetAddressList.TryParse(text, out var list) ? [.. list.Mailboxes.Where(m => IsAddress(m.Address))] : [];

    /// <summary>local@domain, storable: MimeKit also reads a bare word ("somewhere") as a mailbox.</summary>
    static bool IsAddress(string? address) =>
        address is { Length: <= Domain.FieldRules.MaxEmailLength } && address.LastIndexOf('@') is var at && at > 0 && at < address.Length - 1;

    static string? Name(MailboxAddress mailbox) => string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name;

    static List<string> Recipients(IEnumerable<MailboxAddress> to, IEnumerable<MailboxAddress> cc, IEnumerable<string> envelope) =>
        Recipients(to.Select(m => m.Address).ToList(), cc.Select(m => m.Address).ToList(), envelope);

    static List<string> Recipients(List<string> to, List<string> cc, IEnumerable<string> envelope) =>
        [.. to.Concat(cc).Concat(envelope).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    static HeaderList? Headers(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text.TrimEnd() + "\r\n\r\n"));
            return HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            return null; // headers are read for the Message-ID and the date only; a message without them is still a message
        }
    }

    static string? MessageIdOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var id = MimeUtils.EnumerateReferences(value).FirstOrDefault() ?? value.Trim().Trim('<', '>');
        return id.Length is > 0 and <= 250 && id.All(c => c > ' ' && c < 127) ? id : null;
    }

    static DateTimeOffset? DateOf(string? value) =>
        value is not null && DateUtils.TryParse(value, out DateTimeOffset date) ? date : null;

    /// <summary>The text to show: the plain-text body, else the HTML as text (never the HTML itself).</summary>
    static string TextOf(string? text, string? html) =>
        !string.IsNullOrWhiteSpace(text) ? text : string.IsNullOrWhiteSpace(html) ? "" : HtmlText.Of(html);

    static string ContentType(string? type) =>
        type is not null && MimeKit.ContentType.TryParse(type, out var parsed) ? parsed.MimeType : "application/octet-stream";

    /// <summary>A file name the document store takes: the sender's name with what it refuses replaced, else "attachmentN".</summary>
    public static string SafeFileName(string? name, int n)
    {
        var last = (name ?? "").Split('/', '\\').Last();
        var cleaned = new string([.. last.Select(c => char.IsControl(c) || c is '#' or '?' or '%' or ':' or '*' or '"' or '<' or '>' or '|' ? '_' : c)]).Trim().TrimEnd('.');
        if (cleaned.Length > DocumentNames.MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = extension.Length < 20 ? cleaned[..(DocumentNames.MaxLength - extension.Length)] + extension : cleaned[..DocumentNames.MaxLength];
        }
        return DocumentNames.Problem(cleaned) is null ? cleaned : $"attachment{n}";
    }
}
