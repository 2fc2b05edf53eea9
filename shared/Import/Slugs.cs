using System.Text.RegularExpressions;

namespace LiaisonFlow.Import;

/// <summary>Ids of meetings and LSs: lower-case, digits and hyphens, safe in URLs, table keys and blob names.</summary>
public static partial class Slugs
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public const string Rule = "Use 3–64 lower-case letters, digits and hyphens, starting and ending with a letter or digit.";
}
