using System.Globalization;
using System.Text.RegularExpressions;

namespace LiaisonFlow.Domain;

/// <summary>
/// An outgoing LS number such as "TSAG-LS2". Reports spell one LS several ways ("TSAG-LS02", "TSAG LS2");
/// all parse to the same value, and <see cref="ToString"/> gives the canonical spelling.
/// </summary>
public sealed partial record LsNumber(string Body, int Sequence)
{
    /// <summary>Issuing body in canonical form: upper case, no spaces ("TSAG", "SG17").</summary>
    public string Body { get; init; } = CanonicalBody(Body);

    /// <summary>1-based running number within the body and study period.</summary>
    public int Sequence { get; init; } = Sequence > 0
        ? Sequence
        : throw new ArgumentOutOfRangeException(nameof(Sequence), Sequence, "LS sequence numbers start at 1.");

    /// <summary>"TSAG-LS": the part that every LS number of this body shares.</summary>
    public string Prefix => $"{Body}-LS";

    /// <summary>Canonical spelling, no leading zeros: "TSAG-LS2".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Sequence}");

    /// <exception cref="FormatException">Not an LS number (placeholders such as "TSAG-LSxxx" included); the message quotes the text.</exception>
    public static LsNumber Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var number)
            ? number!
            : throw new FormatException($"Unrecognised LS number \"{text}\": expected e.g. \"TSAG-LS2\" or \"SG17-LS12\".");
    }

    public static bool TryParse(string? text, out LsNumber? number)
    {
        number = null;
        if (text is null)
        {
            return false;
        }
        var m = Pattern().Match(DomainText.Fold(text).TrimEnd('.'));
        if (!m.Success
            || !int.TryParse(m.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence == 0)
        {
            return false;
        }
        number = new LsNumber(m.Groups["body"].Value, sequence);
        return true;
    }

    /// <summary>True when the LS number is not assigned yet: blank, "TSAG-LSxxx", "TSAG-LS?", "TBD".</summary>
    public static bool IsPlaceholder(string? text) =>
        string.IsNullOrWhiteSpace(text) || PlaceholderPattern().IsMatch(DomainText.Fold(text));

    private static string CanonicalBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var canonical = string.Concat(body.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return canonical.Length > 0 ? canonical : throw new ArgumentException("An LS number needs an issuing body.", nameof(body));
    }

    // Optional "ITU-T " before the body: "ITU-T SG17 LS12" is SG17's LS 12.
    [GeneratedRegex(@"^(?:itu-?t\s*)?(?<body>[a-z]+(?:\s*\d{1,3})?)\s*-?\s*ls\s*-?\s*(?<seq>\d{1,6})$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?:(?:itu-?t\s*)?[a-z]+(?:\s*\d{1,3})?\s*-?\s*ls\s*-?\s*(?:x+|\?+|n+|tbd|tba|\.\.\.)?|x+|\?+|tbd|tba)$")]
    private static partial Regex PlaceholderPattern();
}
