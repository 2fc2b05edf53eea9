using System.Globalization;
using System.Text.RegularExpressions;

namespace LiaisonFlow.Domain;

/// <summary>
/// Rule-based normalisation of the group names found in ITU reports to stable ids, with no directory needed,
/// so that "ITU-T Study Group 17", "SG 17" and "ITU-T第17研究组" all become "itu-t-sg17".
/// </summary>
/// <remarks>
/// A bare "SGn" / "SGs" / "study groups" means ITU-T: the reports this system reads are ITU-T (TSAG) reports.
/// "all", "(all)", "所有", "各" only mark the plural and do not change the id. Unrecognised text gives null, never a guess.
/// </remarks>
public static partial class GroupNames
{
    /// <summary>The TSAG rapporteur groups of the 2017–2020 study period (report Annex A).</summary>
    private static readonly string[] RapporteurGroups = ["sc", "wp", "wm", "stdsstrat", "sop", "resreview"];

    // Keys are the text with spaces and punctuation removed (see Key).
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["tsag"] = "tsag",
        ["telecommunicationstandardizationadvisorygroup"] = "tsag",
        ["tdag"] = "tdag",
        ["telecommunicationdevelopmentadvisorygroup"] = "tdag",
        ["rag"] = "rag",
        ["radiocommunicationadvisorygroup"] = "rag",
        ["isct"] = "isct",
        ["intersectorcoordinationteam"] = "isct",
        ["跨部门协调组"] = "isct",
        ["isoiecjtc1"] = "iso-iec-jtc1",
        ["jtc1"] = "iso-iec-jtc1",
        ["isoiecjointtechnicalcommittee1"] = "iso-iec-jtc1",
        ["tsb"] = "tsb",
        ["telecommunicationstandardizationbureau"] = "tsb",
    };

    /// <summary>The stable id for a group name or id, or null when the text is not a recognised group.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var key = Key(text);
        if (key.Length == 0)
        {
            return null;
        }
        if (Named.TryGetValue(key, out var id))
        {
            return id;
        }
        if (StudyGroup().Match(key) is { Success: true } sg)
        {
            var n = int.Parse(sg.Groups["n"].ValueSpan, CultureInfo.InvariantCulture);
            return n == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"itu-{Sector(sg)}-sg{n}");
        }
        if (StudyGroups().Match(key) is { Success: true } sgs)
        {
            return $"itu-{Sector(sgs)}-sgs";
        }
        if (RapporteurGroup().Match(key) is { Success: true } rg && RapporteurGroups.Contains(rg.Groups["rg"].Value))
        {
            return $"tsag-rg-{rg.Groups["rg"].Value}";
        }
        return null;
    }

    private static string Sector(Match m) => m.Groups["sec"].Success ? m.Groups["sec"].Value : "t";

    /// <summary>Folded text without "all" markers, spaces, dashes, slashes, dots, brackets or apostrophes.</summary>
    private static string Key(string text)
    {
        var s = DomainText.Fold(text);
        s = AllMarker().Replace(s, string.Empty);
        return Punctuation().Replace(s, string.Empty);
    }

    // Patterns run on DomainText.Fold output. Digits are [0-9], not \d ("SG١٧" must give null, not reach int.Parse),
    // and the end is \z ($ would also match before a final "\n").
    [GeneratedRegex(@"\A(?:all\s+(?:of\s+)?(?:the\s+)?|the\s+)|\s*\(\s*all\s*\)\s*\z|\s+all\s*\z")]
    private static partial Regex AllMarker();

    [GeneratedRegex(@"[\s\-_/\\.,;:()\[\]'’`]")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\A(?:itu(?<sec>[tdr]))?(?:(?:sg|studygroup)(?<n>[0-9]{1,2})|第(?<n>[0-9]{1,2})研究组)\z")]
    private static partial Regex StudyGroup();

    [GeneratedRegex(@"\A(?:(?:所有|全部)?(?:itu(?<sec>[tdr]))?(?:sgs|studygroups)|(?:所有|全部)(?:itu(?<sec>[tdr]))?的?研究组|(?:itu(?<sec>[tdr]))?(?:各|所有)研究组)\z")]
    private static partial Regex StudyGroups();

    [GeneratedRegex(@"\A(?:tsag)?rg(?<rg>[a-z]+)\z")]
    private static partial Regex RapporteurGroup();
}
