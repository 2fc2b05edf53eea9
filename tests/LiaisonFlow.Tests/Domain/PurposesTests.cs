using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class PurposesTests
{
    [Theory]
    [InlineData("action", Purpose.Action)]
    [InlineData("for action", Purpose.Action)]
    [InlineData("Action", Purpose.Action)]
    [InlineData("  FOR   ACTION. ", Purpose.Action)]
    [InlineData("comment", Purpose.Comment)]
    [InlineData("for comment", Purpose.Comment)]
    [InlineData("For Comment", Purpose.Comment)]
    [InlineData("information", Purpose.Information)]
    [InlineData("for information", Purpose.Information)]
    [InlineData("info", Purpose.Information)]
    [InlineData("for info", Purpose.Information)]
    [InlineData(" Info ", Purpose.Information)]
    public void Parse_known_phrasings(string text, Purpose expected)
    {
        Assert.Equal(expected, Purposes.Parse(text));
        Assert.True(Purposes.TryParse(text, out var p));
        Assert.Equal(expected, p);
    }

    [Theory]
    [InlineData("for review")]
    [InlineData("actions please")]
    [InlineData("")]
    [InlineData("for")]
    public void Parse_unknown_throws_quoting_text(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Purposes.Parse(text));
        Assert.Contains($"\"{text}\"", ex.Message);
        Assert.False(Purposes.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_null_is_false() => Assert.False(Purposes.TryParse(null, out _));

    [Theory]
    [InlineData(Purpose.Action, true, ReplyStatus.Outstanding)]
    [InlineData(Purpose.Comment, true, ReplyStatus.Outstanding)]
    [InlineData(Purpose.Information, false, ReplyStatus.NotExpected)]
    public void ExpectsReply_only_for_action_and_comment(Purpose purpose, bool expects, ReplyStatus initial)
    {
        Assert.Equal(expects, purpose.ExpectsReply());
        Assert.Equal(initial, purpose.InitialReplyStatus());
    }
}
