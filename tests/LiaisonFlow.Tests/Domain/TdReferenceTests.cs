using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class TdReferenceTests
{
    [Theory]
    [InlineData("TD102R1", 102, 1, null, "TD102R1", "TD 102 Rev.1")]
    [InlineData("TD 102 Rev.1", 102, 1, null, "TD102R1", "TD 102 Rev.1")]
    [InlineData("TD 102 Rev 1", 102, 1, null, "TD102R1", "TD 102 Rev.1")]
    [InlineData("TD102-R1", 102, 1, null, "TD102R1", "TD 102 Rev.1")]
    [InlineData("TD102 R1", 102, 1, null, "TD102R1", "TD 102 Rev.1")]
    [InlineData("td102r1", 102, 1, null, "TD102R1", "TD 102 Rev.1")]
    [InlineData("TD83R4", 83, 4, null, "TD83R4", "TD 83 Rev.4")]
    [InlineData("TD 83 Revision 2", 83, 2, null, "TD83R2", "TD 83 Rev.2")]
    [InlineData("TD104", 104, null, null, "TD104", "TD 104")]
    [InlineData("TD 104", 104, null, null, "TD104", "TD 104")]
    [InlineData("TD0104", 104, null, null, "TD104", "TD 104")]
    [InlineData("TD84 Annex C", 84, null, "Annex C", "TD84 Annex C", "TD 84 Annex C")]
    [InlineData("TD 84 (Annex C)", 84, null, "Annex C", "TD84 Annex C", "TD 84 Annex C")]
    [InlineData("td84 annex d", 84, null, "Annex D", "TD84 Annex D", "TD 84 Annex D")]
    [InlineData("TD76R1", 76, 1, null, "TD76R1", "TD 76 Rev.1")]
    [InlineData("TD24 Add.1", 24, null, "Add.1", "TD24 Add.1", "TD 24 Add.1")]
    [InlineData("TD85R1 Annex A", 85, 1, "Annex A", "TD85R1 Annex A", "TD 85 Rev.1 Annex A")]
    public void Parse_spellings(string text, int number, int? revision, string? part, string canonical, string display)
    {
        var td = TdReference.Parse(text);
        Assert.Equal(number, td.Number);
        Assert.Equal(revision, td.Revision);
        Assert.Equal(part, td.Part);
        Assert.Equal(canonical, td.ToString());
        Assert.Equal(display, td.Display);
        Assert.Equal(td, TdReference.Parse(td.ToString())); // canonical form round-trips
        Assert.Equal(td, TdReference.Parse(td.Display));
        Assert.True(TdReference.TryParse(text, out var tried));
        Assert.Equal(td, tried);
    }

    [Theory]
    [InlineData("TD")]
    [InlineData("102")]
    [InlineData("TD102R")]
    [InlineData("TD102R0")]
    [InlineData("TD0")]
    [InlineData("TD 102 draft")]
    [InlineData("TSAG-LS2")]
    [InlineData("")]
    public void Parse_rejects_naming_text(string text)
    {
        var ex = Assert.Throws<FormatException>(() => TdReference.Parse(text));
        Assert.Contains($"\"{text}\"", ex.Message);
        Assert.False(TdReference.TryParse(text, out var td));
        Assert.Null(td);
    }

    [Theory]
    [InlineData("TD102", "TD102R1", true)]
    [InlineData("TD83R2", "TD83R4", true)]
    [InlineData("TD84 Annex C", "TD 84 (Annex C)", true)]
    [InlineData("TD84 Annex C", "TD84R1 Annex C", true)]
    [InlineData("TD102", "TD103", false)]
    [InlineData("TD84", "TD84 Annex C", false)]
    [InlineData("TD84 Annex C", "TD84 Annex D", false)]
    public void IsSameDocument_ignores_revision_only(string a, string b, bool expected)
    {
        var x = TdReference.Parse(a);
        var y = TdReference.Parse(b);
        Assert.Equal(expected, x.IsSameDocument(y));
        Assert.Equal(expected, y.IsSameDocument(x));
    }

    [Fact]
    public void Revisions_are_distinct_values_of_one_document()
    {
        var r2 = TdReference.Parse("TD83R2");
        var r4 = TdReference.Parse("TD 83 Rev.4");
        Assert.NotEqual(r2, r4);
        Assert.True(r4.IsNewerRevisionOf(r2));
        Assert.False(r2.IsNewerRevisionOf(r4));
        Assert.True(r2.IsNewerRevisionOf(TdReference.Parse("TD83")));
        Assert.False(r4.IsNewerRevisionOf(TdReference.Parse("TD84R1")));
    }

    [Fact]
    public void Constructor_canonicalises_and_validates()
    {
        Assert.Equal(TdReference.Parse("TD84 Annex C"), new TdReference(84, null, "annex c"));
        Assert.Null(new TdReference(84, null, "  ").Part);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TdReference(0, null, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TdReference(1, 0, null));
    }
}
