using LiaisonFlow.Storage;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

public class DocumentNamesTests
{
    [Theory]
    [InlineData("TD102R1.docx")]
    [InlineData("T17-TSAG-170501-TD-GEN-0117!R1!MSW-E.docx")]
    [InlineData("TSAG-LS1 回复.pdf")]
    public void Ordinary_file_names_are_accepted(string name) => Assert.Null(DocumentNames.Problem(name));

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../TD117R1.docx")]
    [InlineData("a/b.docx")]
    [InlineData("a\\b.docx")]
    [InlineData("%2e%2e")]
    [InlineData("x#y")]
    [InlineData("name.")]
    [InlineData(" leading")]
    [InlineData("")]
    [InlineData("tab\there")]
    public void Names_that_could_leave_the_folder_or_break_keys_are_refused(string name)
    {
        Assert.NotNull(DocumentNames.Problem(name));
        Assert.Throws<ArgumentException>(() => DocumentNames.EnsureValid(name));
    }

    [Fact]
    public void Overlong_names_are_refused() => Assert.NotNull(DocumentNames.Problem(new string('a', DocumentNames.MaxLength + 1)));
}
