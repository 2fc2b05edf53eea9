using System.Globalization;
using System.Text.RegularExpressions;

namespace LiaisonFlow.Domain;

/// <summary>
/// A temporary document of a meeting ("TD102R1", "TD84 Annex C"). TDs are revised in place (TD83 went R2 → R4),
/// so a reference carries the revision but <see cref="IsSameDocument"/> ignores it.
/// </summary>
public sealed partial record TdReference(int Number, int? Revision, string? Part)
{
    /// <summary>Highest TD number: six digits, the most <see cref="Parse"/> reads, so <see cref="ToString"/> always parses back.</summary>
    public const int MaxNumber = 999_999;

    /// <summary>Highest revision: three digits, the most <see cref="Parse"/> reads.</summary>
    public const int MaxRevision = 999;

    // Longer text is refused before normalisation: no TD reference comes close.
    private const int MaxInputLength = 200;

    public int Number { get; init; } = Number is > 0 and <= MaxNumber
        ? Number
        : throw new ArgumentOutOfRangeException(nameof(Number), Number, $"TD numbers run from 1 to {MaxNumber}.");

    /// <summary>Null for the original issue; R1, R2, … otherwise.</summary>
    public int? Revision { get; init; } = Revision is null or (> 0 and <= MaxRevision)
        ? Revision
        : throw new ArgumentOutOfRangeException(nameof(Revision), Revision, $"TD revisions run from 1 to {MaxRevision} (null is the original).");

    /// <summary>A part of the TD such as "Annex C" or "Add.1", canonically spelt; null for the whole document.</summary>
    public string? Part { get; init; } = CanonicalPart(Part);

    /// <summary>Compact form used as a key: "TD102R1", "TD104", "TD84 Annex C".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"TD{Number}{(Revision is { } r ? $"R{r}" : "")}{(Part is null ? "" : " " + Part)}");

    /// <summary>Human form: "TD 102 Rev.1", "TD 104", "TD 84 Annex C".</summary>
    public string Display =>
        string.Create(CultureInfo.InvariantCulture, $"TD {Number}{(Revision is { } r ? $" Rev.{r}" : "")}{(Part is null ? "" : " " + Part)}");

    /// <exception cref="FormatException">Not a TD reference; the message quotes the text.</exception>
    public static TdReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var td)
            ? td!
            : throw new FormatException($"Unrecognised TD reference \"{text}\": expected e.g. \"TD102R1\", \"TD 102 Rev.1\" or \"TD84 Annex C\".");
    }

    public static bool TryParse(string? text, out TdReference? td)
    {
        td = null;
        if (text is null || text.Length > MaxInputLength)
        {
            return false;
        }
        var m = Pattern().Match(DomainText.Fold(text).TrimEnd('.').TrimEnd());
        if (!m.Success)
        {
            return false;
        }
        var number = int.Parse(m.Groups["n"].ValueSpan, CultureInfo.InvariantCulture);
        int? revision = m.Groups["r"].Success ? int.Parse(m.Groups["r"].ValueSpan, CultureInfo.InvariantCulture) : null;
        if (number == 0 || revision == 0)
        {
            return false;
        }
        td = new TdReference(number, revision, m.Groups["part"].Success ? m.Groups["part"].Value : null);
        return true;
    }

    /// <summary>Same TD number and part, whatever the revision: TD102 and TD102R1 are one document.</summary>
    public bool IsSameDocument(TdReference other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Number == other.Number && string.Equals(Part, other.Part, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when this is a later revision of the same document (the original counts as revision 0).</summary>
    public bool IsNewerRevisionOf(TdReference other) =>
        IsSameDocument(other) && (Revision ?? 0) > (other.Revision ?? 0);

    /// <summary>"annex c" → "Annex C", "add 1" → "Add.1"; anything unrecognised is kept as written (trimmed).</summary>
    private static string? CanonicalPart(string? part)
    {
        if (string.IsNullOrWhiteSpace(part))
        {
            return null;
        }
        var m = PartPattern().Match(DomainText.Fold(part));
        if (!m.Success)
        {
            return part.Trim();
        }
        var id = m.Groups["pid"].Value.ToUpperInvariant();
        return m.Groups["kind"].Value switch
        {
            "annex" => $"Annex {id}",
            "add" or "addendum" => $"Add.{id}",
            "att" or "attachment" => $"Attachment {id}",
            _ => $"Appendix {id}",
        };
    }

    private const string PartSyntax = @"(?<kind>annex|addendum|add|attachment|att|appendix|app)\s*\.?\s*(?<pid>[a-z0-9]{1,5})";

    // On DomainText.Fold output. Digits are [0-9], not \d ("TD١٢" must fail, not reach int.Parse), and the end is \z
    // ($ would also match before a final "\n").
    [GeneratedRegex(@"\Atd\s*-?\s*(?<n>[0-9]{1,6})(?:\s*[-/]?\s*(?:revision|rev|r)\s*\.?\s*(?<r>[0-9]{1,3}))?(?:\s*[-,]?\s*\(?\s*(?<part>" + PartSyntax + @")\s*\)?)?\z")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\A" + PartSyntax + @"\z")]
    private static partial Regex PartPattern();
}
