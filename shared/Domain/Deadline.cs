using System.Globalization;
using System.Text.RegularExpressions;

namespace LiaisonFlow.Domain;

/// <summary>
/// A reply deadline as written in a meeting report, plus the Geneva calendar date it means.
/// Parsing never guesses: text that matches none of the known phrasings throws <see cref="DeadlineFormatException"/>.
/// </summary>
/// <remarks>
/// Interpretation rules (ITU usage):
/// <list type="bullet">
/// <item>"before 28 February 2018", "by 28 February 2018", "28 February 2018", "2018-02-28": that day (Day). ITU writes
/// "before" but means the named day is the last one, as the Chinese "2018年2月28日前" also shows.</item>
/// <item>"before February 2018": the named month is the first one too late, so the last day of January (Month).</item>
/// <item>"March 2018", "by March 2018", "(by) (the) end of March 2018", "end-March 2018": 31 March (Month).</item>
/// <item>"early March" → 10th, "mid-March" → 15th, "late March" → 25th (Approximate). Approximations err early
/// so that reminders never come after the sender's real intent.</item>
/// <item>The LS template's own phrasing reads the same: a leading "Deadline:" and "Reply by" / "reply before" / "please
/// respond by" before any of the above ("Deadline: Reply by 15 March 2018" is 15 March 2018).</item>
/// </list>
/// Record equality includes <see cref="Raw"/>: two spellings of the same day are different deadlines; compare <see cref="Date"/>.
/// Parsed dates lie in the years <see cref="MinYear"/>–<see cref="MaxYear"/>, and the text is at most <see cref="MaxRawLength"/>
/// characters; <see cref="TryParse"/> never throws, whatever the text. A parsed deadline's <see cref="Raw"/> passes
/// <see cref="FieldRules.TextProblem"/> as a single line of <see cref="MaxRawLength"/> characters.
/// </remarks>
public sealed partial record Deadline(string Raw, DateOnly? Date, DeadlinePrecision? Precision)
{
    /// <summary>ITU deadlines are Geneva dates.</summary>
    public const string TimeZoneId = Geneva.TimeZoneId;

    /// <summary>Earliest year of a parsed deadline: four-digit years below it are typos, not deadlines.</summary>
    public const int MinYear = 1900;

    /// <summary>Latest year of a parsed deadline; later years are typos too, and stay far from <see cref="DateOnly.MaxValue"/>.</summary>
    public const int MaxYear = 2200;

    /// <summary>Longest deadline text read (after trimming); longer text is rejected, not parsed.</summary>
    public const int MaxRawLength = 200;

    /// <summary>No deadline (information-only LSs, or "none" in the report).</summary>
    public static Deadline None { get; } = new(string.Empty, null, null);

    public bool IsNone => Date is null;

    /// <summary>
    /// The instant the deadline passes: the end of <see cref="Date"/> in Geneva (next local midnight), in UTC.
    /// Defined for every date, <see cref="DateOnly.MaxValue"/> included (then <see cref="DateTimeOffset.MaxValue"/>).
    /// </summary>
    public DateTimeOffset? DueUtc => Date switch
    {
        null => null,
        { } date when date == DateOnly.MaxValue => DateTimeOffset.MaxValue,
        { } date => Geneva.StartOf(date.AddDays(1)),
    };

    /// <summary>
    /// How the deadline was read, as a sentence for the person typing it: "due Wed 28 Feb 2018, end of day Geneva";
    /// a month's end or an approximate day says so, and no date reads "no deadline: nobody is chased".
    /// </summary>
    public string Reads() => Date is not { } date
        ? "no deadline: nobody is chased"
        : Precision switch
        {
            DeadlinePrecision.Approximate => $"due about {Day(date)}, end of day Geneva",
            DeadlinePrecision.Month => $"due {Day(date)}, end of day Geneva (the end of a month)",
            _ => $"due {Day(date)}, end of day Geneva",
        };

    private static string Day(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>True once <paramref name="now"/> is at or after <see cref="DueUtc"/>; never true for a none deadline.</summary>
    public bool IsPast(DateTimeOffset now) => DueUtc is { } due && now >= due;

    /// <summary>A day-precision deadline, e.g. Raw "28 February 2018"; <see cref="Parse"/> reads its Raw back to an equal deadline.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="MinYear"/>–<see cref="MaxYear"/>, so the Raw would not parse back.</exception>
    public static Deadline OnDay(DateOnly date) => date.Year is >= MinYear and <= MaxYear
        ? new(date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), date, DeadlinePrecision.Day)
        : throw new ArgumentOutOfRangeException(nameof(date), date, $"Deadlines fall in the years {MinYear}–{MaxYear}.");

    /// <summary>
    /// Reads a written deadline. Null, blank, "n/a", "none", "-", "—", "无" give a none deadline that keeps the (trimmed) text.
    /// </summary>
    /// <exception cref="DeadlineFormatException">Unknown phrasing or a non-existent date; the message quotes the text.</exception>
    public static Deadline Parse(string? raw) =>
        TryParseCore(raw, out var deadline, out var failure) ? deadline : throw failure!;

    /// <summary>On failure <paramref name="deadline"/> is <see cref="None"/> and <paramref name="error"/> explains why; check the result.</summary>
    public static bool TryParse(string? raw, out Deadline deadline, out string? error)
    {
        var ok = TryParseCore(raw, out deadline, out var failure);
        error = failure?.Message;
        return ok;
    }

    private static bool TryParseCore(string? raw, out Deadline deadline, out DeadlineFormatException? failure)
    {
        deadline = None;
        failure = null;
        var text = raw?.Trim() ?? string.Empty;
        if (text.Length > MaxRawLength)
        {
            failure = new DeadlineFormatException(text, $"it is longer than {MaxRawLength} characters", quoteAtMost: 60);
            return false;
        }
        var s = Simplify(text);
        if (s.Length == 0 || NoneWords.Contains(s))
        {
            deadline = new Deadline(Storable(text), null, null);
            return true;
        }

        if (TryEnglish(s, out var year, out var month, out var day, out var precision)
            || TryChinese(s, out year, out month, out day, out precision))
        {
            if (year is < MinYear or > MaxYear)
            {
                failure = new DeadlineFormatException(text, $"the date must fall in the years {MinYear}–{MaxYear}");
                return false;
            }
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                failure = new DeadlineFormatException(text, "it does not name a real calendar date");
                return false;
            }
            deadline = new Deadline(Storable(text), new DateOnly(year, month, day), precision);
            return true;
        }

        failure = new DeadlineFormatException(text);
        return false;
    }

    /// <summary>
    /// The Raw kept for a parsed deadline: control characters that the parser read as spaces (a line break or tab from a
    /// table cell, "\v", "\f", U+0085) become plain spaces, so Raw is single-line, XML-safe text. Other control
    /// characters never get this far: the patterns reject them.
    /// </summary>
    private static string Storable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) && char.IsWhiteSpace(c) ? ' ' : c)) : text;

    private static readonly HashSet<string> NoneWords = new(StringComparer.Ordinal)
    {
        "n/a", "na", "none", "no deadline", "-", "--", "无", "無",
    };

    /// <summary>
    /// Folds width/dashes/case and drops noise ITU authors add: commas, dots ("Feb."), the word "the", and the LS
    /// template's lead-in ("Deadline:", "Reply" before "by"/"before").
    /// </summary>
    private static string Simplify(string text)
    {
        var s = DomainText.Fold(text);
        s = TemplateLeadIn().Replace(s, string.Empty);
        s = s.Replace(',', ' ').Replace('.', ' ').Replace('。', ' ');
        s = TheWord().Replace(s, " ");
        return Spaces().Replace(s, " ").Trim();
    }

    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
        for (var i = 0; i < 12; i++)
        {
            var name = names[i].ToLowerInvariant();
            months[name] = i + 1;
            months[name[..3]] = i + 1;
        }
        months["sept"] = 9;
        return months;
    }

    // Inclusive prefixes ("by") and exclusive ones ("before") only differ for month-only deadlines.
    private const string Prefix = @"(?:(?<pre>before|prior to|on or before|by|no later than|not later than)\s+)?";
    private const string MonthName = @"(?<m>january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)";
    private const string Ordinal = @"(?:st|nd|rd|th)?";

    [GeneratedRegex(@"\bthe\b")]
    private static partial Regex TheWord();

    // "Deadline:" as the template's label, and "(please) reply/respond" only where a prefix follows, so the rest is
    // read by the patterns below as if the lead-in were not there.
    [GeneratedRegex(@"\A(?:deadline\s*:\s*)?(?:(?:please\s+)?(?:reply|replies|respond|response|responses)\s+(?=(?:before|by|prior to|on or before|no later than|not later than)\b))?")]
    private static partial Regex TemplateLeadIn();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // The patterns run on Simplify output (NFKC: full-width "２０１８" is already "2018"). Digits are [0-9], not \d:
    // "١٢" must be an unknown phrasing, not reach int.Parse. The end is \z: $ would also match before a final "\n".
    [GeneratedRegex(@"\A" + Prefix + @"(?:on\s+)?(?<d>[0-9]{1,2})" + Ordinal + @"\s*" + MonthName + @"\s*(?<y>[0-9]{4})\z")]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\A" + Prefix + MonthName + @"\s+(?<d>[0-9]{1,2})" + Ordinal + @"\s+(?<y>[0-9]{4})\z")]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\A" + Prefix + @"(?<y>[0-9]{4})[-/](?<m>[0-9]{1,2})[-/](?<d>[0-9]{1,2})\z")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\A" + Prefix + @"(?:(?<mod>end of|end|middle of|mid|early|late)\s*-?\s*)?" + MonthName + @"\s+(?<y>[0-9]{4})\z")]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\A(?:在|于)?(?<y>[0-9]{4})年(?<m>[0-9]{1,2})月(?<d>[0-9]{1,2})[日号](?:或?之前|以前|前)?\z")]
    private static partial Regex ChineseDay();

    [GeneratedRegex(@"\A(?:在|于)?(?<y>[0-9]{4})年(?<m>[0-9]{1,2})月(?<mod>底|末|中旬|中|上旬|下旬)?(?<pre>之前|以前|前)?\z")]
    private static partial Regex ChineseMonth();

    private static bool TryEnglish(string s, out int year, out int month, out int day, out DeadlinePrecision precision)
    {
        year = month = day = 0;
        precision = DeadlinePrecision.Day;

        if (DayMonthYear().Match(s) is { Success: true } dmy)
        {
            (year, month, day) = (Int(dmy, "y"), Months[dmy.Groups["m"].Value], Int(dmy, "d"));
            return true;
        }
        if (MonthDayYear().Match(s) is { Success: true } mdy)
        {
            (year, month, day) = (Int(mdy, "y"), Months[mdy.Groups["m"].Value], Int(mdy, "d"));
            return true;
        }
        if (IsoDate().Match(s) is { Success: true } iso)
        {
            (year, month, day) = (Int(iso, "y"), Int(iso, "m"), Int(iso, "d"));
            return true;
        }
        if (MonthYear().Match(s) is { Success: true } my)
        {
            year = Int(my, "y");
            month = Months[my.Groups["m"].Value];
            var exclusive = my.Groups["pre"].Value is "before" or "prior to";
            return ResolvePartOfMonth(my.Groups["mod"].Value, exclusive, ref year, ref month, out day, out precision);
        }
        return false;
    }

    private static bool TryChinese(string s, out int year, out int month, out int day, out DeadlinePrecision precision)
    {
        year = month = day = 0;
        precision = DeadlinePrecision.Day;
        var compact = s.Replace(" ", string.Empty, StringComparison.Ordinal);

        if (ChineseDay().Match(compact) is { Success: true } d)
        {
            (year, month, day) = (Int(d, "y"), Int(d, "m"), Int(d, "d"));
            return true;
        }
        if (ChineseMonth().Match(compact) is { Success: true } m)
        {
            year = Int(m, "y");
            month = Int(m, "m");
            var mod = m.Groups["mod"].Value switch
            {
                "底" or "末" => "end",
                "中" or "中旬" => "mid",
                "上旬" => "early",
                "下旬" => "late",
                _ => string.Empty,
            };
            return ResolvePartOfMonth(mod, m.Groups["pre"].Success, ref year, ref month, out day, out precision);
        }
        return false;
    }

    /// <summary>Maps "end"/"mid"/"early"/"late" or a bare month to a day; a bare month after "before" means the previous month's end.</summary>
    private static bool ResolvePartOfMonth(string modifier, bool exclusive, ref int year, ref int month, out int day, out DeadlinePrecision precision)
    {
        day = 0;
        precision = DeadlinePrecision.Month;
        if (month is < 1 or > 12 || year is < MinYear or > MaxYear)
        {
            return true; // day 0: the caller reports the year out of range or the impossible date
        }
        switch (modifier)
        {
            case "":
                if (exclusive)
                {
                    var previous = new DateOnly(year, month, 1).AddDays(-1);
                    (year, month, day) = (previous.Year, previous.Month, previous.Day);
                }
                else
                {
                    day = DateTime.DaysInMonth(year, month);
                }
                return true;
            case "end" or "end of":
                day = DateTime.DaysInMonth(year, month);
                return true;
            case "early":
                day = 10;
                precision = DeadlinePrecision.Approximate;
                return true;
            case "mid" or "middle of":
                day = 15;
                precision = DeadlinePrecision.Approximate;
                return true;
            case "late":
                day = 25;
                precision = DeadlinePrecision.Approximate;
                return true;
            default:
                return false;
        }
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].ValueSpan, CultureInfo.InvariantCulture);
}
