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
