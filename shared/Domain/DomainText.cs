using System.Text;

namespace LiaisonFlow.Domain;

/// <summary>Shared folding of hand-typed identifiers so every parser tolerates the same noise.</summary>
internal static class DomainText
{
    /// <summary>
    /// NFKC (folds full-width digits/letters/spaces from Chinese documents to ASCII), every dash variant to '-',
    /// lower case, runs of whitespace to one space, trimmed.
    /// </summary>
    public static string Fold(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC);
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

    private static bool IsDash(char c) =>
        c is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63';
}
