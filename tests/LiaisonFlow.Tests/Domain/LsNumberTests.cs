using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class LsNumberTests
{
    [Theory]
    [InlineData("TSAG-LS2", "TSAG", 2)]
    [InlineData("TSAG-LS02", "TSAG", 2)]
    [InlineData("tsag-ls 2", "TSAG", 2)]
    [InlineData("TSAG LS2", "TSAG", 2)]
    [InlineData("TSAG LS 2", "TSAG", 2)]
    [InlineData(" TSAG–LS7 ", "TSAG", 7)] // en dash
    [InlineData("SG17-LS12", "SG17", 12)]
    [InlineData("SG 17-LS12", "SG17", 12)]
    [InlineData("ITU-T SG17 LS12", "SG17", 12)]
    [InlineData("ITU-T SG17-LS012", "SG17", 12)]
    [InlineData("ＴＳＡＧ－ＬＳ３", "TSAG", 3)] // full width
    public void Parse_spellings(string text, string body, int sequence)
    {
        var ls = LsNumber.Parse(text);
        Assert.Equal(body, ls.Body);
        Assert.Equal(sequence, ls.Sequence);
        Assert.Equal($"{body}-LS", ls.Prefix);
        Assert.Equal($"{body}-LS{sequence}", ls.ToString());
        Assert.True(LsNumber.TryParse(text, out var tried));
        Assert.Equal(ls, tried);
    }

    [Fact]
    public void Two_spellings_of_LS2_are_one_value()
    {
        var a = LsNumber.Parse("TSAG-LS2");
        var b = LsNumber.Parse("TSAG-LS02");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(new LsNumber("TSAG", 2), b);
        Assert.Equal("TSAG-LS2", b.ToString());
        Assert.NotEqual(LsNumber.Parse("TSAG-LS3"), a);
        Assert.NotEqual(LsNumber.Parse("SG2-LS2"), a);
    }

    [Fact]
    public void Constructor_canonicalises_body()
    {
        Assert.Equal(new LsNumber("TSAG", 2), new LsNumber("tsag", 2));
        Assert.Equal("SG17-LS1", new LsNumber("sg 17", 1).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LsNumber("TSAG", 0));
        Assert.Throws<ArgumentException>(() => new LsNumber(" ", 1));
    }

    [Theory]
    [InlineData("TSAG-LSxxx")]
    [InlineData("TSAG-LS?")]
    [InlineData("TSAG-LS0")]
    [InlineData("TD112")]
    [InlineData("LS2")]
    [InlineData("TSAG")]
    [InlineData("")]
    [InlineData("TSAG-LS2b")]
    public void Parse_rejects_non_numbers_naming_text(string text)
    {
        var ex = Assert.Throws<FormatException>(() => LsNumber.Parse(text));
        Assert.Contains($"\"{text}\"", ex.Message);
        Assert.False(LsNumber.TryParse(text, out var number));
        Assert.Null(number);
    }

    [Fact]
    public void TryParse_null_is_false() => Assert.False(LsNumber.TryParse(null, out _));

    [Theory]
    [InlineData("TSAG-LSxxx", true)]
    [InlineData("TSAG-LSXXX", true)]
    [InlineData("TSAG-LS?", true)]
    [InlineData("TSAG-LS", true)]
    [InlineData("TBD", true)]
    [InlineData("", true)]
    [InlineData("  ", true)]
    [InlineData(null, true)]
    [InlineData("TSAG-LS2", false)]
    [InlineData("TSAG-LS02", false)]
    [InlineData("hello", false)]
    public void IsPlaceholder(string? text, bool expected) => Assert.Equal(expected, LsNumber.IsPlaceholder(text));
}

public class LsNumberBodyTests
{
    public static readonly string[] Bodies =
    [
        "TSAG", "ITU-T SG17", "ISO/IEC JTC 1/SC 27", "3GPP TSG SA", "IETF", "ITU-D SG2", "SG17",
        "  iso/iec   jtc 1/sc 27 ", "3gpp\ttsg  sa", "Itu-d Sg2", "tsag", "sg 17", "ITU-T SG 17", "ietf ",
        "ITU–T SG17", "ＩＥＴＦ", "R&D", "IEEE 802.1", "ETSI TC SET", "A", "9A", "ABC LS-X", "TSAGX",
        "ALS1", "SG17 Q6", "ISO/TC 211", "BBF", "ITU-R WP 5D",
    ];

    public static readonly int[] Sequences = [1, 9, 10, 999_999];

    public static TheoryData<string> BodyData() => [.. Bodies];

    [Theory]
    [MemberData(nameof(BodyData))]
    public void Every_allowed_body_round_trips_through_its_text(string body)
    {
        Assert.True(LsNumber.TryCreateBody(body, out var canonical, out var error), error);
        Assert.Null(error);
        foreach (var sequence in Sequences)
        {
            var number = new LsNumber(body, sequence);
            Assert.Equal(canonical, number.Body);
            var text = number.ToString();
            Assert.Equal($"{canonical}-LS{sequence}", text);
            Assert.True(LsNumber.TryParse(text, out var parsed), text);
            Assert.Equal(number, parsed);
            Assert.Equal(number.GetHashCode(), parsed!.GetHashCode());
            Assert.Equal(number, LsNumber.Parse(text.ToLowerInvariant()));
            Assert.Equal(number, LsNumber.Parse(text.Replace("-LS", " LS ", StringComparison.Ordinal) + "."));
            Assert.Equal(number, new LsNumber(number.Body, number.Sequence));
            Assert.False(LsNumber.IsPlaceholder(text), text);
            Assert.True(LsNumber.IsPlaceholder($"{number.Prefix}xxx"), number.Prefix);
            Assert.True(number.IsInSeriesOf(body));
            Assert.Equal(LsNumber.SeriesKey(body), LsNumber.SeriesKey(number.Body));
        }
    }

    [Theory]
    [InlineData("ITU-T SG17", 12, "SG17", "SG17-LS12")]
    [InlineData("ISO/IEC JTC 1/SC 27", 3, "ISO/IEC JTC 1/SC 27", "ISO/IEC JTC 1/SC 27-LS3")]
    [InlineData("3GPP TSG SA", 5, "3GPP TSG SA", "3GPP TSG SA-LS5")]
    [InlineData("  3gpp   TSG sa ", 5, "3GPP TSG SA", "3GPP TSG SA-LS5")]
    [InlineData("ITU-D SG2", 1, "ITU-D SG2", "ITU-D SG2-LS1")]
    [InlineData("IETF", 40, "IETF", "IETF-LS40")]
    [InlineData("TSAG", 8, "TSAG", "TSAG-LS8")]
    public void Canonical_body_and_text(string body, int sequence, string canonical, string text)
    {
        var number = new LsNumber(body, sequence);
        Assert.Equal(canonical, number.Body);
        Assert.Equal($"{canonical}-LS", number.Prefix);
        Assert.Equal(text, number.ToString());
    }

    [Theory]
    [InlineData("ISO/IEC JTC 1/SC 27-LS3", "ISO/IEC JTC 1/SC 27", 3)]
    [InlineData("iso/iec jtc 1/sc 27 LS 03", "ISO/IEC JTC 1/SC 27", 3)]
    [InlineData("3GPP TSG SA LS5", "3GPP TSG SA", 5)]
    [InlineData("ITU-D SG2-LS1", "ITU-D SG2", 1)]
    [InlineData("IETF-LS1", "IETF", 1)]
    [InlineData("ITU-T SG 17-LS12", "SG17", 12)]
    [InlineData("ABC LS-X-LS2", "ABC LS-X", 2)]
    public void Parses_numbers_of_other_bodies(string text, string body, int sequence)
    {
        var number = LsNumber.Parse(text);
        Assert.Equal(body, number.Body);
        Assert.Equal(sequence, number.Sequence);
    }

    [Fact]
    public void Itu_t_prefix_is_dropped_only_before_the_short_form()
    {
        Assert.Equal(LsNumber.Parse("SG17-LS12"), LsNumber.Parse("ITU-T SG17-LS12"));
        Assert.Equal(new LsNumber("SG17", 12), new LsNumber("ITU-T SG17", 12));
        Assert.NotEqual(LsNumber.Parse("SG2-LS1"), LsNumber.Parse("ITU-D SG2-LS1"));
        Assert.Equal("ITU-T SG17 Q6", new LsNumber("itu-t sg17 q6", 1).Body);
        Assert.Equal("JTC1", new LsNumber("JTC 1", 1).Body);
        Assert.Equal("ISO/IEC JTC 1", new LsNumber("ISO/IEC JTC 1", 1).Body);
    }

    [Fact]
    public void Equality_ignores_case_and_spacing_of_the_body()
    {
        var a = new LsNumber("ISO/IEC JTC 1/SC 27", 3);
        var b = new LsNumber(" iso/iec  jtc 1/sc 27", 3);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new LsNumber("ISO/IEC JTC 1/SC 2", 3));
        Assert.NotEqual(a, new LsNumber("ISO/IEC JTC1/SC27", 3)); // spaces inside a long body are significant
    }

    [Fact]
    public void With_expressions_canonicalise_and_validate_too()
    {
        var number = new LsNumber("TSAG", 2);
        Assert.Equal("IETF", (number with { Body = " ietf " }).Body);
        Assert.Throws<ArgumentException>(() => number with { Body = "TSAG#1" });
        Assert.Throws<ArgumentOutOfRangeException>(() => number with { Sequence = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => number with { Sequence = LsNumber.MaxSequence + 1 });
    }

    [Fact]
    public void Sequence_stays_within_six_digits()
    {
        Assert.Equal(999_999, new LsNumber("TSAG", LsNumber.MaxSequence).Sequence);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LsNumber("TSAG", 1_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LsNumber("TSAG", -1));
        Assert.False(LsNumber.TryParse("TSAG-LS1000000", out _));
        Assert.True(LsNumber.TryParse("TSAG-LS000001", out var one));
        Assert.Equal(1, one!.Sequence);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1234")] // no letter
    [InlineData("TSAG#1")]
    [InlineData("TSAG?")]
    [InlineData("ISO\\IEC")]
    [InlineData("TSAG (Geneva)")]
    [InlineData("TSAG_X")]
    [InlineData("TSAG~X")]
    [InlineData("TSAG\u0001")]
    [InlineData("TS\u0000AG")]
    [InlineData("SG١٧")] // Arabic-Indic digits
    [InlineData("Sécurité")]
    [InlineData("研究组")]
    [InlineData("-TSAG")]
    [InlineData("TSAG-")]
    [InlineData("/TSAG")]
    [InlineData("TSAG.")]
    [InlineData("TSAG-LS")]
    [InlineData("TSAG LS")]
    [InlineData("TSAG-LS2")]
    [InlineData("TSAG LS 2")]
    [InlineData("LS")]
    [InlineData("LS2")]
    [InlineData("ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ")] // 43 characters
    [InlineData("TSAG{U+D800}")] // lone surrogate
    public void Invalid_bodies_are_rejected_with_a_message(string? text)
    {
        text = TestText.DecodeOrNull(text);
        Assert.False(LsNumber.TryCreateBody(text, out var body, out var error));
        Assert.Null(body);
        Assert.False(string.IsNullOrWhiteSpace(error));
        if (text is not null)
        {
            var ex = Assert.Throws<ArgumentException>(() => new LsNumber(text, 1));
            Assert.Equal("body", ex.ParamName);
            Assert.Throws<ArgumentException>(() => LsNumber.SeriesKey(text));
            Assert.False(LsNumber.TryParse($"{text}-LS1", out _));
        }
    }

    [Fact]
    public void Body_length_limit_counts_the_collapsed_text()
    {
        var forty = new string('A', 20) + " " + new string('B', 19);
        Assert.Equal(40, forty.Length);
        Assert.True(LsNumber.TryCreateBody("  " + forty.Replace(" ", "   ", StringComparison.Ordinal) + "  ", out var body, out _));
        Assert.Equal(forty, body);
        Assert.False(LsNumber.TryCreateBody(forty + "C", out _, out var error));
        Assert.Contains("40", error);
    }

    [Theory]
    [InlineData("TSAG-LS١٢")]
    [InlineData("SG١٧-LS12")]
    [InlineData("TSAG-LS2\n3")]
    [InlineData("TSAG-LS2\u0000")]
    [InlineData("TSAG-LS2{U+D800}")]
    [InlineData("{U+DC00}TSAG-LS2")]
    [InlineData("TSAG-LS2-LS3")]
    [InlineData("TSAG#-LS2")]
    [InlineData("ISO/IEC JTC 1/SC 27/-LS2")]
    [InlineData("-LS2")]
    public void TryParse_rejects_cleanly(string text)
    {
        text = TestText.Decode(text);
        Assert.False(LsNumber.TryParse(text, out var number));
        Assert.Null(number);
        Assert.Throws<FormatException>(() => LsNumber.Parse(text));
    }

    [Fact]
    public void TryParse_never_throws_on_long_or_odd_text()
    {
        string[] odd =
        [
            new string('a', 100_000) + "-LS2",
            string.Concat(Enumerable.Repeat("tsag ls ", 20_000)) + "2",
            new string(' ', 50_000) + "TSAG-LS2",
            new string('\uD800', 1000),
            new string('.', 10_000),
            "\u0130TU-T SG17-LS1", // dotted capital I
            "TSAG-LS2\r\n",
        ];
        foreach (var text in odd)
        {
            LsNumber.TryParse(text, out _);
            LsNumber.IsPlaceholder(text);
            LsNumber.TryCreateBody(text, out _, out _);
        }
        Assert.False(LsNumber.TryParse(odd[0], out _));
        Assert.False(LsNumber.TryParse(odd[5], out _)); // not ASCII, even though it looks like "ITU-T"
    }

    [Fact]
    public void Trailing_whitespace_is_trimmed_like_any_other()
    {
        // Fold trims every kind of whitespace, so a final "\n" is noise like a final space, and the value
        // (not the raw text) is what gets stored.
        Assert.Equal(new LsNumber("TSAG", 2), LsNumber.Parse("TSAG-LS2\n"));
    }

    [Fact]
    public void Full_width_text_from_chinese_documents_still_parses()
    {
        Assert.Equal(new LsNumber("SG17", 12), LsNumber.Parse("ＳＧ１７－ＬＳ１２"));
        Assert.Equal(new LsNumber("ISO/IEC JTC 1/SC 27", 3), LsNumber.Parse("ＩＳＯ／ＩＥＣ　ＪＴＣ　１／ＳＣ　２７－ＬＳ３"));
    }

    [Theory]
    [InlineData("ITU-T SG17-LSxxx", true)]
    [InlineData("ITU-T SG17 LS?", true)]
    [InlineData("ISO/IEC JTC 1/SC 27-LSxxx", true)]
    [InlineData("3GPP TSG SA-LS", true)]
    [InlineData("IETF-LS TBD", true)]
    [InlineData("TSAG-LS…", true)]
    [InlineData("?", true)]
    [InlineData("xxx", true)]
    [InlineData("tba", true)]
    [InlineData("ITU-T SG17-LS12", false)]
    [InlineData("ISO/IEC JTC 1/SC 27-LS3", false)]
    [InlineData("TSAG-LS\u0001", false)]
    [InlineData("TSAG-LSxxx\n", true)]
    public void IsPlaceholder_for_any_body(string text, bool expected) => Assert.Equal(expected, LsNumber.IsPlaceholder(text));

    [Theory]
    [InlineData("TSAG", "TSAG-LS")]
    [InlineData("sg 17", "SG17-LS")]
    [InlineData("ITU-T SG17", "SG17-LS")]
    [InlineData("ISO/IEC JTC 1/SC 27", "ISO~IEC_JTC_1~SC_27-LS")]
    [InlineData("3GPP TSG SA", "3GPP_TSG_SA-LS")]
    [InlineData("ITU-D SG2", "ITU-D_SG2-LS")]
    [InlineData("IEEE 802.1", "IEEE_802.1-LS")]
    [InlineData("R&D", "Rx0026D-LS")]
    public void SeriesKey_examples(string body, string key) => Assert.Equal(key, LsNumber.SeriesKey(body));

    [Fact]
    public void SeriesKey_is_table_safe_and_unique_per_canonical_body()
    {
        var worst = "A" + new string('&', LsNumber.MaxBodyLength - 2) + "B";
        var bodies = Bodies.Append(worst).Append("A B").Append("A/B").Append("A.B").Append("A-B").Append("AB")
            .Append("A&B").Append("A X0026B").Append("A_B".Replace('_', ' ')).ToList();
        var keysByBody = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var body in bodies)
        {
            var canonical = new LsNumber(body, 1).Body;
            var key = LsNumber.SeriesKey(body);
            Assert.True(key.Length <= 200, key);
            Assert.Matches(@"\A[A-Za-z0-9._~-]+\z", key);
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
            if (keysByBody.TryGetValue(canonical, out var earlier))
            {
                Assert.Equal(earlier, key);
            }
            keysByBody[canonical] = key;
        }
        Assert.Equal(keysByBody.Count, keysByBody.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2 + (LsNumber.MaxBodyLength - 2) * 5 + 3, LsNumber.SeriesKey(worst).Length);
    }

    [Fact]
    public void IsInSeriesOf_compares_canonical_bodies()
    {
        var number = LsNumber.Parse("ITU-T SG17-LS12");
        Assert.True(number.IsInSeriesOf("SG17"));
        Assert.True(number.IsInSeriesOf("itu-t sg 17"));
        Assert.False(number.IsInSeriesOf("ITU-D SG17"));
        Assert.False(number.IsInSeriesOf(null));
        Assert.False(number.IsInSeriesOf("SG17#"));
        Assert.True(LsNumber.Parse("iso/iec jtc 1/sc 27-ls3").IsInSeriesOf("ISO/IEC JTC 1/SC 27"));
    }
}
