using System.Text;

namespace LiaisonFlow.Domain;

/// <summary>Shared folding of hand-typed identifiers so every parser tolerates the same noise.</summary>
internal static class DomainText
{
    /// <summary>
    /// NFKC (folds full-width digits/letters/spaces from Chinese documents to ASCII), every dash variant to '-',
    /// lower case, runs of whitespace to one space, trimmed. Never throws: lone surrogates and U+FFFE/U+FFFF, which
    /// <see cref="string.Normalize(NormalizationForm)"/> rejects, become U+FFFD first, which no parser accepts; should
    /// normalisation still refuse the text, it is folded without NFKC.
    /// </summary>
    /// <remarks>
    /// NFKC does not turn other scripts' digits into ASCII ("١٧" stays as it is), so parsers match digits with
    /// <c>[0-9]</c>, never <c>\d</c>, and <see cref="int.Parse(string)"/> only ever sees ASCII digits.
    /// </remarks>
    public static string Fold(string text)
    {
        var s = Normalized(text);
        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(IsDash(ch) ? '-' : char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    private static string Normalized(string text)
    {
        var sanitized = Sanitized(text);
        try
        {
            return sanitized.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return sanitized;
        }
    }

    /// <summary>Lone surrogates, U+FFFE and U+FFFF replaced by U+FFFD; the text itself when it has none.</summary>
    private static string Sanitized(string text)
    {
        char[]? chars = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                chars ??= text.ToCharArray();
                chars[i] = '\uFFFD';
            }
        }
        return chars is null ? text : new string(chars);
    }

    private static bool IsDash(char c) =>
        c is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63';
}
