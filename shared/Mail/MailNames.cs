using System.Globalization;
using System.Text;

namespace LiaisonFlow.Mail;

/// <summary>
/// Display names and subjects made safe for a mail header. SendGrid refuses or silently drops display names
/// with ',' or ';', and a CR/LF in a name or subject must never reach a header.
/// </summary>
public static class MailNames
{
    public const int MaxNameLength = 100;

    /// <summary>
    /// The name with control and line-break characters turned into spaces, ',' and ';' replaced by a space,
    /// runs of spaces collapsed, trimmed and capped at <see cref="MaxNameLength"/> characters; null when nothing is left.
    /// </summary>
    public static string? DisplayName(string? name)
    {
        var text = OneLine(name, c => c is ',' or ';');
        if (text.Length > MaxNameLength)
        {
            var cut = char.IsHighSurrogate(text[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength;
            text = text[..cut].TrimEnd();
        }
        return text.Length == 0 ? null : text;
    }

    /// <summary>The subject on one line: control and line-break characters become spaces, runs of spaces collapse, ends are trimmed.</summary>
    public static string Subject(string? subject) => OneLine(subject, _ => false);

    static string OneLine(string? text, Func<char, bool> alsoSpace)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c) || char.IsControl(c) || alsoSpace(c) ||
                char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            if (!space) result.Append(c);
            else if (result.Length > 0 && result[^1] != ' ') result.Append(' ');
        }
        return result.ToString().TrimEnd();
    }
}
