using System.Text.RegularExpressions;

namespace LiaisonFlow.Import;

/// <summary>Ids of meetings and LSs: lower-case, digits and hyphens, safe in URLs, table keys and blob names.</summary>
public static partial class Slugs
{
    // \z, not $: "$" also matches before a final "\n", which would let "tsag-2017-05-td117\n" through as an id.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{1,62}[a-z0-9]\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>A slug made from free text ("IETF OPSAWG" → "ietf-opsawg"), for names not in the directory.</summary>
    public static string From(string text)
    {
        var slug = new string([.. text.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        while (slug.Contains("--", StringComparison.Ordinal)) slug = slug.Replace("--", "-", StringComparison.Ordinal);
        slug = slug.Trim('-');
        return slug.Length >= 3 ? slug[..Math.Min(slug.Length, 64)].TrimEnd('-') : $"group-{slug}".TrimEnd('-');
    }

    public const string Rule = "Use 3–64 lower-case letters, digits and hyphens, starting and ending with a letter or digit.";
}
