namespace LiaisonFlow.Inbound;

/// <summary>The two shapes SendGrid Inbound Parse posts a message in.</summary>
public enum InboundVariant
{
    /// <summary>Fields parsed by SendGrid: from, to, subject, text, html, headers, attachmentN files…</summary>
    Parsed,
    /// <summary>"Post the raw, full MIME message": the message whole in the "email" field.</summary>
    Raw,
}

/// <summary>An attachment as posted, before it is stored.</summary>
public sealed record PostedAttachment(string FileName, string ContentType, Func<Stream> Open);

/// <summary>
/// One Inbound Parse post, read and checked by <see cref="InboundParser"/>: what the message says it is
/// (sender, recipients, subject, date, Message-ID, SPF and DKIM verdicts), its text, and what must be
/// stored whole — the raw MIME, or every text field of a parsed post — with its attachments.
/// </summary>
public sealed record InboundPost(
    InboundVariant Variant,
    string FromAddress,
    string? FromName,
    IReadOnlyList<string> Recipients,
    string Subject,
    string Text,
    string? MessageId,
    DateTimeOffset? SentAt,
    string? Spf,
    string? Dkim,
    byte[] Content,
    IReadOnlyList<PostedAttachment> Attachments)
{
    /// <summary>SendGrid's SPF verdict is "pass".</summary>
    public static bool SpfPassed(string? spf) => string.Equals(spf?.Trim(), "pass", StringComparison.OrdinalIgnoreCase);

    /// <summary>SendGrid's dkim field lists each signature's verdict: "{@example.org : pass}"; one passing is enough.</summary>
    public static bool DkimPassed(string? dkim) =>
        dkim is not null && dkim.Split([',', '{', '}'], StringSplitOptions.RemoveEmptyEntries)
            .Any(s => s.Split(':') is [_, var verdict] && verdict.Trim().Equals("pass", StringComparison.OrdinalIgnoreCase));
}
