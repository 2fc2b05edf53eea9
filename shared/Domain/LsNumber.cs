using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LiaisonFlow.Domain;

/// <summary>
/// An outgoing LS number such as "TSAG-LS2", "ISO/IEC JTC 1/SC 27-LS3" or "3GPP TSG SA-LS5". Reports spell one LS
/// several ways ("TSAG-LS02", "TSAG LS2", "tsag-ls2."); all parse to the same value, and <see cref="ToString"/> gives
/// the canonical spelling, which always parses back to an equal value.
/// </summary>
/// <remarks>
/// <para>
/// The issuing body is kept in one canonical form (see <see cref="TryCreateBody"/>): NFKC, dashes folded to '-',
/// trimmed, inner whitespace collapsed to one space, upper case. Equality and hashing are therefore on the
/// canonical body, i.e. case- and spacing-insensitive: <c>new LsNumber("tsag", 2) == new LsNumber("TSAG", 2)</c>.
/// </para>
/// <para>
/// Two equivalences are kept from the days when only "TSAG"/"SG17"-style bodies existed, and only for that
/// short form (letters, optionally followed by up to three digits): a space before the digits is dropped
/// ("SG 17" is "SG17"), and a leading "ITU-T " is dropped ("ITU-T SG17" is "SG17", which in an ITU-T report
/// means ITU-T SG17). Other bodies keep their spaces and prefixes: "ITU-D SG2", "ISO/IEC JTC 1/SC 27".
/// </para>
/// </remarks>
public sealed partial record LsNumber(string Body, int Sequence)
{
    /// <summary>Longest issuing body accepted, counted after trimming and collapsing whitespace.</summary>
    public const int MaxBodyLength = 40;

    /// <summary>Highest sequence number: six digits, as the parser and the registry's row keys expect.</summary>
    public const int MaxSequence = 999_999;

    // Longer text is refused before any normalisation or matching: no LS number comes close.
    private const int MaxInputLength = 200;

    private readonly string _body = CanonicalBody(Body);

    private readonly int _sequence = CheckedSequence(Sequence);

    /// <summary>
    /// Issuing body in canonical form: upper case, single spaces ("TSAG", "SG17", "ISO/IEC JTC 1/SC 27").
    /// </summary>
    /// <exception cref="ArgumentException">On construction or <c>with</c>: not a valid body (see <see cref="TryCreateBody"/>).</exception>
    public string Body
    {
        get => _body;
        init => _body = CanonicalBody(value);
    }

    /// <summary>1-based running number within the body and study period, at most <see cref="MaxSequence"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On construction or <c>with</c>: outside 1–<see cref="MaxSequence"/>.</exception>
    public int Sequence
    {
        get => _sequence;
        init => _sequence = CheckedSequence(value);
    }

    /// <summary>"TSAG-LS": the part that every LS number of this body shares.</summary>
    public string Prefix => $"{Body}-LS";

    /// <summary>Canonical spelling, no leading zeros: "TSAG-LS2", "ISO/IEC JTC 1/SC 27-LS3".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Sequence}");

    /// <summary>True when this number belongs to the series of <paramref name="body"/>, compared in canonical form ("itu-t sg17" and "SG17" are one series).</summary>
    public bool IsInSeriesOf(string? body) =>
        TryCreateBody(body, out var canonical, out _) && string.Equals(canonical, Body, StringComparison.Ordinal);

    /// <exception cref="FormatException">Not an LS number (placeholders such as "TSAG-LSxxx" included); the message quotes the text.</exception>
    public static LsNumber Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var number)
            ? number!
            : throw new FormatException($"Unrecognised LS number \"{text}\": expected e.g. \"TSAG-LS2\" or \"SG17-LS12\".");
    }

    /// <summary>Reads an LS number; false (never an exception) for anything else, including placeholders and numbers above <see cref="MaxSequence"/>.</summary>
    public static bool TryParse(string? text, out LsNumber? number)
    {
        number = null;
        if (text is null || text.Length > MaxInputLength)
        {
            return false;
        }
        var m = Pattern().Match(DomainText.Fold(text).TrimEnd('.'));
        if (!m.Success
            || !int.TryParse(m.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence is < 1 or > MaxSequence
            || !TryCreateBody(m.Groups["body"].Value, out var body, out _))
        {
            return false;
        }
        number = new LsNumber(body, sequence);
        return true;
    }

    /// <summary>
    /// True when the LS number is not assigned yet: blank, "TSAG-LSxxx", "TSAG-LS?", "ITU-T SG17-LSxxx", "TSAG-LS", "TBD".
    /// Never true for the <see cref="ToString"/> of a number.
    /// </summary>
    public static bool IsPlaceholder(string? text) =>
        string.IsNullOrWhiteSpace(text)
        || (text.Length <= MaxInputLength && PlaceholderPattern().IsMatch(DomainText.Fold(text)));

    /// <summary>
    /// Validates an issuing body as typed and gives its canonical form (the <see cref="Body"/> an LS number of it has).
    /// </summary>
    /// <remarks>
    /// Rules, checked after NFKC, dash folding, trimming and collapsing whitespace: 1–<see cref="MaxBodyLength"/>
    /// characters; only ASCII letters and digits, space, '-', '/', '.', '&amp;'; at least one letter; starts and ends
    /// with a letter or digit; does not end in "LS" or an LS number of its own ("TSAG-LS", "TSAG LS2"), which would
    /// make "{body}-LS{n}" ambiguous to read. Every body accepted here gives numbers whose <see cref="ToString"/>
    /// parses back to an equal number.
    /// </remarks>
    /// <param name="body">The canonical body ("ITU-T SG 17" gives "SG17", "iso/iec  jtc 1" gives "ISO/IEC JTC 1"); null on failure.</param>
    /// <param name="error">Why the text is not a body, quoting it; null on success.</param>
    public static bool TryCreateBody(string? text, [NotNullWhen(true)] out string? body, [NotNullWhen(false)] out string? error)
    {
        body = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "An LS number needs an issuing body, e.g. \"TSAG\".";
            return false;
        }
        if (text.Length > MaxInputLength)
        {
            error = $"The issuing body is longer than {MaxBodyLength} characters.";
            return false;
        }
        var folded = DomainText.Fold(text);
        if (folded.Length > MaxBodyLength)
        {
            error = $"The issuing body \"{text.Trim()}\" is longer than {MaxBodyLength} characters.";
            return false;
        }
        if (!BodyCharacters().IsMatch(folded))
        {
            error = $"The issuing body \"{text.Trim()}\" may only contain ASCII letters, digits, spaces and the characters - / . &.";
            return false;
        }
        if (!folded.Any(char.IsAsciiLetterLower))
        {
            error = $"The issuing body \"{text.Trim()}\" must contain a letter.";
            return false;
        }
        if (!char.IsAsciiLetterOrDigit(folded[0]) || !char.IsAsciiLetterOrDigit(folded[^1]))
        {
            error = $"The issuing body \"{text.Trim()}\" must start and end with a letter or digit.";
            return false;
        }
        var shortened = Shorten(folded);
        if (LsEnding().IsMatch(shortened))
        {
            error = $"The issuing body \"{text.Trim()}\" must not end in \"LS\" or an LS number: give the body alone, e.g. \"TSAG\".";
            return false;
        }
        body = shortened.ToUpperInvariant();
        return true;
    }

    /// <summary>
    /// The key of <paramref name="body"/>'s number series, safe as an Azure Table PartitionKey or RowKey (and in a URL):
    /// the canonical body with ' ' → '_' and '/' → '~', then "-LS". "TSAG" → "TSAG-LS", "ISO/IEC JTC 1/SC 27" →
    /// "ISO~IEC_JTC_1~SC_27-LS", "3GPP TSG SA" → "3GPP_TSG_SA-LS".
    /// </summary>
    /// <remarks>
    /// Only A–Z, 0–9, '-', '.', '_', '~' and escapes appear: any other character c is written as 'x' and four upper-case
    /// hex digits of its UTF-16 code ('&amp;' → "x0026"); the lower-case 'x' cannot come from a canonical (upper-case)
    /// body, so distinct bodies never share a key. At most 200 characters. A body in the old short form keeps the key
    /// it always had ("TSAG-LS"), so existing series rows stay where they are.
    /// </remarks>
    /// <exception cref="ArgumentException">Not a valid body (see <see cref="TryCreateBody"/>).</exception>
    public static string SeriesKey(string body)
    {
        var canonical = CanonicalBody(body);
        var key = new StringBuilder(canonical.Length + 3);
        foreach (var c in canonical)
        {
            if (char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '.')
            {
                key.Append(c);
            }
            else if (c == ' ')
            {
                key.Append('_');
            }
            else if (c == '/')
            {
                key.Append('~');
            }
            else
            {
                key.Append('x').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }
        return key.Append("-LS").ToString();
    }

    private static string CanonicalBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TryCreateBody(body, out var canonical, out var error) ? canonical : throw new ArgumentException(error, nameof(body));
    }

    private static int CheckedSequence(int sequence) => sequence is >= 1 and <= MaxSequence
        ? sequence
        : throw new ArgumentOutOfRangeException(nameof(Sequence), sequence, $"LS sequence numbers run from 1 to {MaxSequence}.");

    /// <summary>The old short-form equivalences on folded text: "itu-t sg17" → "sg17", "sg 17" → "sg17".</summary>
    private static string Shorten(string folded)
    {
        var m = ShortForm().Match(folded);
        return m.Success ? m.Groups["letters"].Value + m.Groups["digits"].Value : folded;
    }

    // Every pattern runs on DomainText.Fold output: lower case, single spaces, ASCII '-' for every dash.
    // Digits are [0-9] (\d would take "١٧", which int.Parse rejects) and the end is \z ($ allows a final "\n").
    private const string BodySyntax = "[a-z0-9](?:[a-z0-9 ./&-]*[a-z0-9])?";

    // The body is greedy, so the last "ls" followed only by digits ends it: "abc ls-ls2" is body "abc ls".
    [GeneratedRegex(@"\A(?<body>" + BodySyntax + @") ?-? ?ls ?-? ?(?<seq>[0-9]{1,6})\z")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\A(?:" + BodySyntax + @" ?-? ?ls ?-? ?(?:x+|\?+|n+|tbd|tba|\.\.\.)?|x+|\?+|tbd|tba)\z")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\A[a-z0-9 ./&-]+\z")]
    private static partial Regex BodyCharacters();

    [GeneratedRegex(@"\A(?:itu-?t )?(?<letters>[a-z]+) ?(?<digits>[0-9]{0,3})\z")]
    private static partial Regex ShortForm();

    [GeneratedRegex(@"(?<![a-z0-9])ls(?: ?-? ?[0-9]+)?\z")]
    private static partial Regex LsEnding();
}
