using System.Text;
using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class DeadlineRangeTests
{
    [Theory]
    [InlineData("31 December 9999")]
    [InlineData("9999-12-31")]
    [InlineData("before 31 December 9999")]
    [InlineData("December 9999")]
    [InlineData("end of December 9999")]
    [InlineData("9999年12月31日前")]
    [InlineData("9999年12月底")]
    [InlineData("1 January 2201")]
    [InlineData("2201-01-01")]
    [InlineData("late March 2500")]
    [InlineData("31 December 1899")]
    [InlineData("1899-12-31")]
    [InlineData("before January 1900")] // the day meant is 31 December 1899
    [InlineData("before January 2201")] // the day meant is in range, but the year written is not
    [InlineData("1000年1月1日")]
    public void Years_outside_1900_to_2200_are_rejected_clearly(string raw)
    {
        var ex = Assert.Throws<DeadlineFormatException>(() => Deadline.Parse(raw));
        Assert.Equal(raw, ex.Text);
        Assert.Contains($"\"{raw}\"", ex.Message);
        Assert.Contains("1900–2200", ex.Message);
        Assert.False(Deadline.TryParse(raw, out var d, out var error));
        Assert.True(d.IsNone);
        Assert.Equal(ex.Message, error);
    }

    [Theory]
    [InlineData("1 January 1900", "1900-01-01")]
    [InlineData("before February 1900", "1900-01-31")]
    [InlineData("31 December 2200", "2200-12-31")]
    [InlineData("2200-12-31", "2200-12-31")]
    [InlineData("December 2200", "2200-12-31")]
    [InlineData("2200年12月31日前", "2200-12-31")]
    public void Range_ends_are_accepted_and_due(string raw, string expected)
    {
        var d = Deadline.Parse(raw);
        Assert.Equal(DateOnly.ParseExact(expected, "yyyy-MM-dd"), d.Date);
        Assert.NotNull(d.DueUtc);
    }

    [Fact]
    public void Range_constants() => Assert.Equal((1900, 2200), (Deadline.MinYear, Deadline.MaxYear));

    [Fact]
    public void DueUtc_is_defined_for_every_date()
    {
        Assert.Equal(DateTimeOffset.MaxValue, new Deadline("x", DateOnly.MaxValue, DeadlinePrecision.Day).DueUtc);
        Assert.NotNull(new Deadline("x", new DateOnly(9999, 12, 30), DeadlinePrecision.Day).DueUtc);
        Assert.NotNull(new Deadline("x", DateOnly.MinValue, DeadlinePrecision.Day).DueUtc);
        Assert.False(new Deadline("x", DateOnly.MaxValue, DeadlinePrecision.Day).IsPast(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void OnDay_refuses_dates_its_raw_text_could_not_be_read_back_as()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadline.OnDay(DateOnly.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadline.OnDay(new DateOnly(2201, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadline.OnDay(new DateOnly(1899, 12, 31)));
        foreach (var date in new[] { new DateOnly(1900, 1, 1), new DateOnly(2200, 12, 31) })
        {
            var d = Deadline.OnDay(date);
            Assert.Equal(d, Deadline.Parse(d.Raw));
        }
    }

    [Theory]
    [InlineData("TD12\n2018-03-12")]
    [InlineData("before ١٢ March 2018")] // Arabic-Indic digits
    [InlineData("٢٠١٨-٠٣-١٢")]
    [InlineData("۱۲ March 2018")] // Persian digits
    [InlineData("٢٠١٨年٣月١٢日前")]
    [InlineData("31 February 2018")]
    [InlineData("before 0 March 2018")]
    [InlineData("0 March 0")]
    [InlineData("99 March 2018")]
    [InlineData("2018-00-00")]
    [InlineData("2018-99-99")]
    [InlineData("0000-01-01")]
    [InlineData("before January 0000")]
    [InlineData("before 28 February 2018\u0000")]
    [InlineData("before\u000128 February 2018")]
    [InlineData("before 28 February 2018{U+D800}")]
    [InlineData("{U+DC00}")]
    [InlineData("\uFFFF\uFFFE")]
    [InlineData("2018-03-12\uFFFE")]
    [InlineData("\uFDD0 2018-03-12")]
    [InlineData("2018-03-12 \U0010FFFF")]
    [InlineData("2018-03-12 \U0001FFFE")]
    [InlineData("before 28\u200B February 2018")]
    public void Odd_text_is_rejected_without_throwing(string raw)
    {
        raw = TestText.Decode(raw);
        Assert.False(Deadline.TryParse(raw, out var d, out var error));
        Assert.True(d.IsNone);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<DeadlineFormatException>(() => Deadline.Parse(raw));
    }

    [Fact]
    public void Trailing_newline_is_whitespace_and_trimmed()
    {
        // Raw is stored trimmed, so a final "\n" never reaches storage.
        var d = Deadline.Parse("before 28 February 2018\n");
        Assert.Equal(new DateOnly(2018, 2, 28), d.Date);
        Assert.Equal("before 28 February 2018", d.Raw);
    }

    [Theory]
    [InlineData("before\n28 February 2018", "before 28 February 2018")]
    [InlineData("before\t28\r\nFebruary\v2018", "before 28  February 2018")]
    [InlineData("n/a\f", "n/a")]
    [InlineData("before\u008528 February 2018", "before 28 February 2018")]
    [InlineData("before\u00A028 February 2018", "before\u00A028 February 2018")] // not a control character: kept
    public void Raw_turns_control_whitespace_into_spaces(string raw, string expected)
    {
        var d = Deadline.Parse(raw);
        Assert.Equal(expected, d.Raw);
        Assert.Null(FieldRules.TextProblem(d.Raw, Deadline.MaxRawLength));
        Assert.Equal(d.Date, Deadline.Parse(d.Raw).Date);
    }

    [Fact]
    public void Full_width_digits_still_parse()
    {
        Assert.Equal(new DateOnly(2018, 3, 12), Deadline.Parse("２０１８－０３－１２").Date);
        Assert.Equal(new DateOnly(2018, 3, 12), Deadline.Parse("before １２ March ２０１８").Date);
    }

    [Fact]
    public void Long_text_is_rejected_and_the_message_stays_short()
    {
        var longest = "before 28 February 2018" + new string(' ', 10) + new string('x', Deadline.MaxRawLength - 33);
        Assert.Equal(Deadline.MaxRawLength, longest.Length);
        Assert.False(Deadline.TryParse(longest, out _, out var error));
        Assert.DoesNotContain("longer than", error);

        var huge = "before 28 February 2018 " + new string('x', 1_000_000);
        var ex = Assert.Throws<DeadlineFormatException>(() => Deadline.Parse(huge));
        Assert.Equal(huge.Trim(), ex.Text);
        Assert.Contains($"longer than {Deadline.MaxRawLength} characters", ex.Message);
        Assert.True(ex.Message.Length < 200, ex.Message);

        // Whitespace around the text does not count.
        Assert.True(Deadline.TryParse(new string(' ', 1000) + "before 28 February 2018" + new string('\n', 1000), out var d, out _));
        Assert.Equal(new DateOnly(2018, 2, 28), d.Date);
    }

    [Fact]
    public void Fuzz_never_throws()
    {
        var random = new Random(20170504);
        string[] pieces =
        [
            "before", "by", "end of", "mid-", "early", "late", "the", "28", "0", "31", "99", "2018", "9999", "0001", "February",
            "Feb.", "March", "年", "月", "日", "前", "底", "-", "/", ",", ".", " ", "\n", "\t", "\u0000", "\u001F", "\u007F",
            "\u0085", "\u2028", "١٢", "٢٠١٨", "２０１８", "\uD800", "\uDC00", "\uD83D\uDE00", "\uFFFF", "\u00A0", "ＭＡＲＣＨ",
            "n/a", "none", "无", "1st", "th", "of", "prior to", "on or before",
        ];
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            var count = random.Next(0, 8);
            for (var j = 0; j < count; j++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
                if (random.Next(3) == 0)
                {
                    text.Append(' ');
                }
            }
            if (random.Next(50) == 0)
            {
                text.Append((char)random.Next(0, 0x10000));
            }
            var raw = text.ToString();
            var ok = Deadline.TryParse(raw, out var d, out var error);
            Assert.Equal(ok, error is null);
            if (ok)
            {
                Assert.Null(FieldRules.TextProblem(d.Raw, Deadline.MaxRawLength));
            }
            if (ok && d.Date is { } date)
            {
                Assert.InRange(date.Year, Deadline.MinYear, Deadline.MaxYear);
                Assert.NotNull(d.DueUtc);
            }
        }
    }
}
