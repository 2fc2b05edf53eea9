using System.Text.RegularExpressions;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Documents;

/// <summary>A group named on a "For … to:" line: the name to look up, and the text as the document wrote it.</summary>
public sealed record ListedGroup(string Name, string AsWritten);

/// <summary>
/// Splits a template line of addressee groups — "ITU-T SG2, SG3; SG11 and SG13", one per line, "n/a" — into the
/// groups it names, using the directory so that "and" inside a name ("JCA-IoT and SC&amp;C") is not taken apart.
/// </summary>
public static partial class GroupList
{
    /// <summary>
    /// The groups in <paramref name="line"/> in order. Commas, semicolons and line breaks always separate; "and" or
    /// "&amp;" separate only when the whole is no group and every part is one. A bare "SG2" after "ITU-D SG1" is ITU-D's
    /// SG2, as people write it. "n/a", "none", "-" name nobody. Unknown names are kept as written.
    /// </summary>
    public static IReadOnlyList<ListedGroup> Split(string line, GroupDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(directory);
        var groups = new List<ListedGroup>();
        string? sector = null;
        foreach (var raw in Separators().Split(line))
        {
            var piece = Clean(raw);
            if (piece.Length == 0 || NoneWords.Contains(DomainText.Fold(piece))) continue;
            if (Resolve(piece, sector, directory) is { } whole)
            {
                groups.Add(whole);
                sector = SectorOf(whole.Name) ?? sector;
                continue;
            }
            var parts = AndWord().Split(piece).Select(Clean).Where(p => p.Length > 0).ToList();
            var resolved = new List<ListedGroup>();
            foreach (var part in parts)
            {
                if (Resolve(part, sector, directory) is not { } group) break;
                resolved.Add(group);
                sector = SectorOf(group.Name) ?? sector;
            }
            if (parts.Count > 1 && resolved.Count == parts.Count) groups.AddRange(resolved);
            else groups.Add(new ListedGroup(piece, piece));
        }
        return groups;
    }

    /// <summary>The name to use for <paramref name="piece"/> when the directory knows it, with the sector of the groups before it for a bare "SGn".</summary>
    static ListedGroup? Resolve(string piece, string? sector, GroupDirectory directory)
    {
        if (sector is not null && BareStudyGroup().IsMatch(piece) && directory.Find($"{sector} {piece}") is not null)
            return new ListedGroup($"{sector} {piece}", piece);
        return directory.Find(piece) is null ? null : new ListedGroup(piece, piece);
    }

    static string? SectorOf(string name) => Sector().Match(name) is { Success: true } m ? m.Value.ToUpperInvariant() : null;

    /// <summary>Trimmed, inner whitespace (tabs too) as one space, without a trailing full stop or a leading "and".</summary>
    static string Clean(string text)
    {
        var s = Whitespace().Replace(text, " ").Trim().TrimEnd('.').Trim();
        return LeadingAnd().Replace(s, "");
    }

    static readonly HashSet<string> NoneWords = new(StringComparer.Ordinal) { "n/a", "na", "none", "nil", "-", "--", "not applicable" };

    [GeneratedRegex(@"[,;\r\n]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"\s+(?:and|&)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndWord();

    [GeneratedRegex(@"\A(?:and|&)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingAnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\AITU-[TDR]\b", RegexOptions.IgnoreCase)]
    private static partial Regex Sector();

    [GeneratedRegex(@"\A(?:SG|Study\s+Group)\s*[0-9]{1,2}\z", RegexOptions.IgnoreCase)]
    private static partial Regex BareStudyGroup();
}
