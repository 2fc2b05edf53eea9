using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

/// <summary>Numbers are read from ASCII digits only (full-width ones are folded to ASCII first); anything else fails cleanly.</summary>
public class AsciiDigitsTests
{
    [Theory]
    [InlineData("TD١٢")]
    [InlineData("TD ١٠٢ Rev.١")]
    [InlineData("TD102R١")]
    [InlineData("TD۱۲")] // Persian
    [InlineData("TD१२")] // Devanagari
    [InlineData("TD12\u0000")]
    [InlineData("TD12{U+D800}")]
    [InlineData("TD1234567")]
    [InlineData("TD12R1234")]
    public void TdReference_rejects_cleanly(string text)
    {
        text = TestText.Decode(text);
        Assert.False(TdReference.TryParse(text, out var td));
        Assert.Null(td);
        Assert.Throws<FormatException>(() => TdReference.Parse(text));
    }

    [Fact]
    public void TdReference_reads_full_width_digits() =>
        Assert.Equal(new TdReference(102, 1, null), TdReference.Parse("ＴＤ１０２Ｒ１"));

    [Fact]
    public void TdReference_trims_a_final_newline_like_any_whitespace() =>
        Assert.Equal(new TdReference(12, null, null), TdReference.Parse("TD12\n"));

    [Fact]
    public void TdReference_numbers_stay_parseable()
    {
        Assert.Equal("TD999999R999", new TdReference(TdReference.MaxNumber, TdReference.MaxRevision, null).ToString());
        Assert.Equal(new TdReference(999_999, 999, null), TdReference.Parse("TD999999R999"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TdReference(1_000_000, null, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TdReference(1, 1000, null));
        Assert.False(TdReference.TryParse("TD" + new string('1', 10_000), out _));
    }

    [Theory]
    [InlineData("SG١٧")]
    [InlineData("ITU-T SG١٧")]
    [InlineData("第١٧研究组")]
    [InlineData("SG۱۷")]
    [InlineData("SG17\u0000")]
    [InlineData("SG17{U+D800}")]
    [InlineData("RG-SC{U+DC00}")]
    public void GroupNames_gives_null_not_an_exception(string text) => Assert.Null(GroupNames.Normalize(TestText.Decode(text)));

    [Fact]
    public void GroupNames_reads_full_width_digits() => Assert.Equal("itu-t-sg17", GroupNames.Normalize("ＳＧ１７"));

    [Theory]
    [InlineData("for action\u0000")]
    [InlineData("action{U+D800}")]
    public void Purposes_rejects_cleanly(string text) => Assert.False(Purposes.TryParse(TestText.Decode(text), out _));
}
