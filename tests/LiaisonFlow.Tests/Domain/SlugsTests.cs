using LiaisonFlow.Import;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class SlugsTests
{
    [Theory]
    [InlineData("tsag-2017-05-td117")]
    [InlineData("itu-t-sg17")]
    [InlineData("abc")]
    public void Valid(string id) => Assert.True(Slugs.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("tsag-2017-05-td117\n")]
    [InlineData("tsag-2017-05-td117\r\n")]
    [InlineData("\ntsag-2017-05-td117")]
    [InlineData("tsag-2017-05-td117 ")]
    [InlineData("Tsag-2017")]
    [InlineData("tsag/2017")]
    [InlineData("-tsag")]
    [InlineData("tsag-")]
    [InlineData("tsag-٢٠١٧")]
    public void Invalid(string? id) => Assert.False(Slugs.IsValid(id));

    [Fact]
    public void Length_is_3_to_64()
    {
        Assert.True(Slugs.IsValid(new string('a', 64)));
        Assert.False(Slugs.IsValid(new string('a', 65)));
        Assert.False(Slugs.IsValid(new string('a', 64) + "\n"));
    }

    [Theory]
    [InlineData("IETF OPSAWG", "ietf-opsawg")]
    [InlineData("ISO/IEC JTC 1/SC 27", "iso-iec-jtc-1-sc-27")]
    [InlineData("x", "group-x")]
    public void From_free_text_gives_a_valid_slug(string text, string slug)
    {
        Assert.Equal(slug, Slugs.From(text));
        Assert.True(Slugs.IsValid(Slugs.From(text)));
    }
}
