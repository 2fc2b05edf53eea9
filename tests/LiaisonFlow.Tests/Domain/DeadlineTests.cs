using System.Globalization;
using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class DeadlineTests
{
    [Theory]
    // Day precision: ITU "before <day>" names the last acceptable day.
    [InlineData("before 28 February 2018", "2018-02-28")]
    [InlineData("before 28 Feb 2018", "2018-02-28")]
    [InlineData("before 28 Feb. 2018", "2018-02-28")]
    [InlineData("28 February 2018", "2018-02-28")]
    [InlineData("12 March 2018", "2018-03-12")]
    [InlineData("by 12 March 2018", "2018-03-12")]
    [InlineData("before 12 March 2018", "2018-03-12")]
    [InlineData("2018-03-12", "2018-03-12")]
    [InlineData("BEFORE  28   february 2018.", "2018-02-28")]
    [InlineData("  before the 28th February 2018  ", "2018-02-28")]
    [InlineData("by 1st Sept. 2018", "2018-09-01")]
    [InlineData("February 28, 2018", "2018-02-28")]
    [InlineData("before 29 February 2020", "2020-02-29")]
    // The LS template's own phrasing: its "Deadline:" label and "Reply by …".
    [InlineData("Reply by 15 March 2018", "2018-03-15")]
    [InlineData("reply before 28 February 2018", "2018-02-28")]
    [InlineData("Please reply by 15 March 2018.", "2018-03-15")]
    [InlineData("Deadline: 15 March 2018", "2018-03-15")]
    [InlineData("Deadline : Reply by 15 March 2018", "2018-03-15")]
    [InlineData("DEADLINE:before 12 March 2018", "2018-03-12")]
    public void Parse_day_precision(string raw, string expected)
    {
        var d = Deadline.Parse(raw);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), d.Date);
        Assert.Equal(DeadlinePrecision.Day, d.Precision);
        Assert.False(d.IsNone);
        Assert.Equal(raw.Trim(), d.Raw);
    }

    [Theory]
    // "before <month>": the named month is the first one too late.
    [InlineData("before February 2018", "2018-01-31")]
    [InlineData("Before Feb. 2018", "2018-01-31")]
    [InlineData("before March 2018", "2018-02-28")]
    [InlineData("before March 2020", "2020-02-29")]
    [InlineData("before January 2019", "2018-12-31")]
    // "by"/"end of"/bare month: the last day of the named month.
    [InlineData("by end of March 2018", "2018-03-31")]
    [InlineData("end of March 2018", "2018-03-31")]
    [InlineData("by the end of March 2018", "2018-03-31")]
    [InlineData("By The End Of March 2018.", "2018-03-31")]
    [InlineData("March 2018", "2018-03-31")]
    [InlineData("by March 2018", "2018-03-31")]
    [InlineData("end-March 2018", "2018-03-31")]
    [InlineData("end of February 2018", "2018-02-28")]
    [InlineData("by April 2018", "2018-04-30")]
    [InlineData("Reply before February 2018", "2018-01-31")]
    [InlineData("Deadline: by end of March 2018", "2018-03-31")]
    public void Parse_month_precision(string raw, string expected)
    {
        var d = Deadline.Parse(raw);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), d.Date);
        Assert.Equal(DeadlinePrecision.Month, d.Precision);
    }

    [Theory]
    [InlineData("mid-May 2007", "2007-05-15")]
    [InlineData("mid May 2007", "2007-05-15")]
    [InlineData("mid–May 2007", "2007-05-15")] // en dash
    [InlineData("by mid-May 2007", "2007-05-15")]
    [InlineData("early March 2018", "2018-03-10")]
    [InlineData("late March 2018", "2018-03-25")]
    [InlineData("by late March 2018", "2018-03-25")]
    [InlineData("Please respond by mid-May 2018", "2018-05-15")]
    public void Parse_approximate(string raw, string expected)
    {
        var d = Deadline.Parse(raw);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), d.Date);
        Assert.Equal(DeadlinePrecision.Approximate, d.Precision);
    }

    [Theory]
    [InlineData("2018年2月28日前", "2018-02-28", DeadlinePrecision.Day)]
    [InlineData("2018年2月28日之前", "2018-02-28", DeadlinePrecision.Day)]
    [InlineData("2018年3月12日之前", "2018-03-12", DeadlinePrecision.Day)]
    [InlineData("2018年3月12日", "2018-03-12", DeadlinePrecision.Day)]
    [InlineData("２０１８年３月１２日之前", "2018-03-12", DeadlinePrecision.Day)] // full-width digits
    [InlineData("2018 年 2 月 28 日前", "2018-02-28", DeadlinePrecision.Day)]
    [InlineData("2018年2月前", "2018-01-31", DeadlinePrecision.Month)]
    [InlineData("2018年2月之前", "2018-01-31", DeadlinePrecision.Month)]
    [InlineData("２０１８年２月之前", "2018-01-31", DeadlinePrecision.Month)]
    [InlineData("2018年1月前", "2017-12-31", DeadlinePrecision.Month)]
    [InlineData("2018年3月底前", "2018-03-31", DeadlinePrecision.Month)]
    [InlineData("2018年3月底", "2018-03-31", DeadlinePrecision.Month)]
    [InlineData("2018年3月", "2018-03-31", DeadlinePrecision.Month)]
    [InlineData("2007年5月中", "2007-05-15", DeadlinePrecision.Approximate)]
    public void Parse_chinese(string raw, string expected, DeadlinePrecision precision)
    {
        var d = Deadline.Parse(raw);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), d.Date);
        Assert.Equal(precision, d.Precision);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("n/a", "n/a")]
    [InlineData("N/A", "N/A")]
    [InlineData("none", "none")]
    [InlineData(" None ", "None")]
    [InlineData("-", "-")]
    [InlineData("—", "—")]
    [InlineData("无", "无")]
    public void Parse_none_keeps_raw(string? raw, string expectedRaw)
    {
        var d = Deadline.Parse(raw);
        Assert.True(d.IsNone);
        Assert.Null(d.Date);
        Assert.Null(d.Precision);
        Assert.Null(d.DueUtc);
        Assert.Equal(expectedRaw, d.Raw);
    }

    [Fact]
    public void None_is_empty()
    {
        Assert.True(Deadline.None.IsNone);
        Assert.Equal("", Deadline.None.Raw);
        Assert.Null(Deadline.None.DueUtc);
        Assert.False(Deadline.None.IsPast(DateTimeOffset.MaxValue));
    }

    [Theory]
    // Never a silent guess: vague or unknown phrasing is an error that names the text.
    [InlineData("soon")]
    [InlineData("ASAP")]
    [InlineData("before the next meeting")]
    [InlineData("before next TSAG meeting")]
    [InlineData("2017年6月底/7月初")]
    [InlineData("28/02/2018")]
    [InlineData("28.02.2018")]
    [InlineData("February")]
    [InlineData("28 February")]
    [InlineData("before 2018")]
    [InlineData("after 28 February 2018")]
    [InlineData("until March 2018")]
    [InlineData("Q1 2018")]
    [InlineData("28 Febuary 2018")]
    public void Parse_unknown_phrasing_throws_naming_text(string raw)
    {
        var ex = Assert.Throws<DeadlineFormatException>(() => Deadline.Parse(raw));
        Assert.Equal(raw, ex.Text);
        Assert.Contains($"\"{raw}\"", ex.Message);
        Assert.StartsWith("Unrecognised deadline", ex.Message);
        Assert.Contains("before 28 February 2018", ex.Message); // shows an example
        Assert.IsAssignableFrom<FormatException>(ex);

        Assert.False(Deadline.TryParse(raw, out var d, out var error));
        Assert.True(d.IsNone);
        Assert.NotNull(error);
        Assert.Contains(raw, error);
    }

    [Theory]
    [InlineData("before 30 February 2018")]
    [InlineData("29 February 2018")]
    [InlineData("31 April 2018")]
    [InlineData("2018-13-01")]
    [InlineData("2018-02-30")]
    [InlineData("2018年2月30日前")]
    [InlineData("2018年13月前")]
    [InlineData("0 March 2018")]
    [InlineData("before January 0001")]
    [InlineData("0018-03-12")]
    public void Parse_invalid_date_throws(string raw)
    {
        var ex = Assert.Throws<DeadlineFormatException>(() => Deadline.Parse(raw));
        Assert.Equal(raw, ex.Text);
        Assert.Contains(raw, ex.Message);
        Assert.False(Deadline.TryParse(raw, out _, out var error));
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void TryParse_success_has_no_error()
    {
        Assert.True(Deadline.TryParse("before 12 March 2018", out var d, out var error));
        Assert.Null(error);
        Assert.Equal(new DateOnly(2018, 3, 12), d.Date);
    }

    [Theory]
    // Geneva end of day: CET (+1) in winter, CEST (+2) in summer.
    [InlineData("2018-02-28", "2018-02-28T23:00:00Z")]
    [InlineData("2018-07-15", "2018-07-15T22:00:00Z")]
    [InlineData("2018-01-31", "2018-01-31T23:00:00Z")]
    [InlineData("2018-12-31", "2018-12-31T23:00:00Z")]
    // DST starts 25 March 2018 02:00 and ends 28 October 2018 03:00: midnights either side.
    [InlineData("2018-03-24", "2018-03-24T23:00:00Z")]
    [InlineData("2018-03-25", "2018-03-25T22:00:00Z")]
    [InlineData("2018-10-27", "2018-10-27T22:00:00Z")]
    [InlineData("2018-10-28", "2018-10-28T23:00:00Z")]
    public void DueUtc_is_end_of_geneva_day(string date, string expectedUtc)
    {
        var d = Deadline.OnDay(DateOnly.Parse(date, CultureInfo.InvariantCulture));
        var expected = DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture);
        Assert.Equal(expected, d.DueUtc);
        Assert.Equal(TimeSpan.Zero, d.DueUtc!.Value.Offset);
    }

    [Fact]
    public void DueUtc_of_parsed_fact_sheet_deadlines()
    {
        Assert.Equal(new DateTimeOffset(2018, 2, 28, 23, 0, 0, TimeSpan.Zero), Deadline.Parse("before 28 February 2018").DueUtc);
        Assert.Equal(new DateTimeOffset(2018, 1, 31, 23, 0, 0, TimeSpan.Zero), Deadline.Parse("before February 2018").DueUtc);
        Assert.Equal(new DateTimeOffset(2018, 3, 12, 23, 0, 0, TimeSpan.Zero), Deadline.Parse("2018年3月12日之前").DueUtc);
    }

    [Fact]
    public void IsPast_switches_at_geneva_midnight()
    {
        var d = Deadline.Parse("before 28 February 2018");
        Assert.False(d.IsPast(new DateTimeOffset(2018, 2, 28, 23, 59, 0, TimeSpan.FromHours(1))));
        Assert.True(d.IsPast(new DateTimeOffset(2018, 3, 1, 0, 0, 0, TimeSpan.FromHours(1))));
        Assert.False(d.IsPast(new DateTimeOffset(2018, 2, 28, 22, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void OnDay_writes_raw_in_english()
    {
        var d = Deadline.OnDay(new DateOnly(2018, 2, 28));
        Assert.Equal("28 February 2018", d.Raw);
        Assert.Equal(DeadlinePrecision.Day, d.Precision);
        Assert.Equal(new DateOnly(2018, 2, 28), d.Date);
        Assert.Equal(d.Date, Deadline.Parse(d.Raw).Date); // round-trips
        Assert.Equal(d, Deadline.Parse(d.Raw));
    }

    [Fact]
    public void Chinese_and_english_forms_of_the_fact_sheet_agree()
    {
        Assert.Equal(Deadline.Parse("before 28 February 2018").Date, Deadline.Parse("2018年2月28日前").Date);
        Assert.Equal(Deadline.Parse("before February 2018").Date, Deadline.Parse("2018年2月之前").Date);
        Assert.Equal(Deadline.Parse("before 12 March 2018").Date, Deadline.Parse("2018年3月12日之前").Date);
        Assert.Equal(Deadline.Parse("by end of March 2018").Date, Deadline.Parse("2018年3月底前").Date);
    }

    [Fact]
    public void Timezone_is_geneva() => Assert.Equal("Europe/Zurich", Deadline.TimeZoneId);

    [Theory]
    [InlineData("Deadline: n/a")]
    [InlineData("Deadline: none")]
    [InlineData("Deadline:")]
    public void Template_deadline_label_without_a_date_is_none(string raw) => Assert.True(Deadline.Parse(raw).IsNone);

    [Theory]
    // The lead-in is only dropped before a date phrase: "reply" alone, or the label in the middle, is not a deadline.
    [InlineData("Reply 15 March 2018")]
    [InlineData("Reply by return")]
    [InlineData("15 March 2018 Deadline:")]
    [InlineData("Deadline: Deadline: 15 March 2018")]
    public void Template_lead_in_elsewhere_is_an_unknown_phrasing(string raw) =>
        Assert.Throws<DeadlineFormatException>(() => Deadline.Parse(raw));
}
