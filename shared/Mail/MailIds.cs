using System.Security.Cryptography;
using System.Text;

namespace LiaisonFlow.Mail;

/// <summary>Message-IDs for mails: the same LS and mail key always give the same msg-id.</summary>
public static class MailIds
{
    /// <summary>The longest msg-id <see cref="MessageId"/> builds (without the angle brackets).</summary>
    public const int MaxLength = 200;

    const int HashChars = 16;
    const int MaxDomainLength = 100;

    /// <summary>
    /// A deterministic RFC 5322 msg-id (without angle brackets) for one mail of one LS, e.g.
    /// "tsag-2017-05-td117.dispatch.itu-t-sg17@liaisonflow.example" for LS "tsag-2017-05-td117" and key
    /// "dispatch|itu-t-sg17". When the LS id and key are plain (letters, digits, '-' and '_', the key's parts
    /// separated by '|') they are written as they are, joined by dots. Otherwise, or when that would pass
    /// <see cref="MaxLength"/>, a readable rendering is followed by '=' and a hash of the exact id and key, so
    /// distinct mails never share a msg-id and the result is always a valid dot-atom.
    /// </summary>
    public static string MessageId(string liaisonId, string key, string domain)
    {
        ArgumentException.ThrowIfNullOrEmpty(liaisonId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!IsDomain(domain)) throw new ArgumentException($"'{domain}' is not a host name a Message-ID can use.", nameof(domain));

        var room = MaxLength - 1 - domain.Length;
        var keyParts = key.Split('|');
        if (IsPlain(liaisonId) && keyParts.All(IsPlain))
        {
            var plain = liaisonId + "." + string.Join('.', keyParts);
            if (plain.Length <= room) return plain + "@" + domain;
        }

        var readable = Readable(liaisonId + "." + string.Join('.', keyParts));
        var hash = Hash(liaisonId, key);
        if (readable.Length > room - 1 - HashChars) readable = readable[..(room - 1 - HashChars)].TrimEnd('.');
        return readable + "=" + hash + "@" + domain;
    }

    /// <summary>True when <paramref name="messageId"/> is a msg-id (without angle brackets) safe to put in a header: dot-atom "@" dot-atom, at most 250 characters.</summary>
    public static bool IsValid(string? messageId)
    {
        if (string.IsNullOrEmpty(messageId) || messageId.Length > 250) return false;
        var at = messageId.LastIndexOf('@');
        return at > 0 && IsDotAtom(messageId[..at]) && IsDotAtom(messageId[(at + 1)..]);
    }

    static bool IsPlain(string part) => part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    static bool IsDomain(string? domain) =>
        !string.IsNullOrEmpty(domain) && domain.Length <= MaxDomainLength &&
        domain.Split('.').All(label => label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    // RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~ (no dots; those separate atoms).
    static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    static bool IsDotAtom(string text) => text.Length > 0 && text.Split('.').All(atom => atom.Length > 0 && atom.All(IsAtext));

    /// <summary>Keeps letters, digits, '-', '_' and single dots; anything else becomes '-'. '=' never appears, so it can mark the hash.</summary>
    static string Readable(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var kept = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : c == '.' ? '.' : '-';
            if (kept == '.' && (result.Length == 0 || result[^1] == '.')) continue;
            result.Append(kept);
        }
        return result.ToString().TrimEnd('.');
    }

    static string Hash(string liaisonId, string key)
    {
        // Length-prefixed, so ("a.b", "c") and ("a", "b.c") hash differently.
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{liaisonId.Length}:{liaisonId}{key}"));
        return Convert.ToHexStringLower(bytes)[..HashChars];
    }
}
