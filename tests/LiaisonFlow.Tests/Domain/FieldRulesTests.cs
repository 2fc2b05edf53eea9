using System.Text;
using System.Xml;
using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class FieldRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("LS on the ITU-T work programme")]
    [InlineData("研究组 Ｔｉｔｌｅ – “quoted” — café")]
    [InlineData("emoji \U0001F600 and \U00010000 and \U0010FFFD")] // well-formed surrogate pairs
    [InlineData("\u00A0non-breaking\u200Bzero-width\uFEFFbom")] // format characters are not control characters
    [InlineData("\uFFFD replacement character")]
    public void Ordinary_text_passes(string? value)
    {
        Assert.Null(FieldRules.TextProblem(value, FieldRules.MaxTitleLength));
        Assert.Null(FieldRules.TextProblem(value, FieldRules.MaxNotesLength, multiline: true));
    }

    [Fact]
    public void Length_counts_utf16_chars_and_names_the_limit()
    {
        Assert.Null(FieldRules.TextProblem(new string('a', 500), FieldRules.MaxTitleLength));
        var problem = FieldRules.TextProblem(new string('a', 501), FieldRules.MaxTitleLength);
        Assert.NotNull(problem);
        Assert.Contains("500", problem);
        Assert.Contains("501", problem);

        // An emoji is two UTF-16 characters.
        var emojis = string.Concat(Enumerable.Repeat("\U0001F600", 3));
        Assert.Null(FieldRules.TextProblem(emojis, 6));
        Assert.Contains("at most 5", FieldRules.TextProblem(emojis, 5));

        Assert.Null(FieldRules.TextProblem("", 0));
        Assert.NotNull(FieldRules.TextProblem("a", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FieldRules.TextProblem("a", -1));
    }

    [Fact]
    public void Length_is_checked_before_characters_and_the_value_is_not_echoed()
    {
        var problem = FieldRules.TextProblem("secret\u0000" + new string('x', 10_000), 100);
        Assert.Contains("at most 100", problem);
        Assert.DoesNotContain("secret", problem);
    }

    [Theory]
    [InlineData("a\u0000b", "U+0000", 2)]
    [InlineData("\u0001", "U+0001", 1)]
    [InlineData("bell\u0007", "U+0007", 5)]
    [InlineData("esc\u001B[31m", "U+001B", 4)]
    [InlineData("del\u007F", "U+007F", 4)]
    [InlineData("next line\u0085", "U+0085", 10)]
    [InlineData("c1\u009F", "U+009F", 3)]
    [InlineData("non-character \uFFFE", "U+FFFE", 15)]
    [InlineData("\uFFFF", "U+FFFF", 1)]
    public void Control_characters_and_non_characters_are_refused_even_when_multiline(string value, string code, int at)
    {
        foreach (var multiline in new[] { false, true })
        {
            var problem = FieldRules.TextProblem(value, 100, multiline);
            Assert.NotNull(problem);
            Assert.Contains(code, problem);
            Assert.Contains($"character {at}", problem);
        }
    }

    [Theory]
    [InlineData("line one\nline two", "line break")]
    [InlineData("line one\r\nline two", "line break")]
    [InlineData("old mac\rline", "line break")]
    [InlineData("col\tcol", "tab")]
    [InlineData("trailing newline\n", "line break")]
    public void Line_breaks_and_tabs_only_in_multiline_text(string value, string what)
    {
        var problem = FieldRules.TextProblem(value, 100);
        Assert.NotNull(problem);
        Assert.Contains("single line", problem);
        Assert.Contains(what, problem);
        Assert.Null(FieldRules.TextProblem(value, 100, multiline: true));
    }

    [Theory]
    [InlineData("lone high {U+D800} surrogate", 11)]
    [InlineData("lone low {U+DC00} surrogate", 10)]
    [InlineData("ends with high {U+D83D}", 16)]
    [InlineData("{U+DE00}{U+D83D} reversed pair", 1)]
    [InlineData("ok \U0001F600 then {U+DFFF}", 12)]
    public void Lone_surrogates_are_not_well_formed(string value, int at)
    {
        value = TestText.Decode(value);
        foreach (var multiline in new[] { false, true })
        {
            var problem = FieldRules.TextProblem(value, 100, multiline);
            Assert.NotNull(problem);
            Assert.Contains("well-formed", problem);
            Assert.Contains($"character {at}", problem);
        }
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("plain", true)]
    [InlineData("tab\tnewline\ncr\r", true)]
    [InlineData("\u0085\u009F\u007F", true)] // C1 controls and DEL are legal XML 1.0 (TextProblem refuses them anyway)
    [InlineData("\U0001F600", true)]
    [InlineData("\uFFFD", true)]
    [InlineData("\u0000", false)]
    [InlineData("\u0008", false)]
    [InlineData("\u001F", false)]
    [InlineData("\uFFFE", false)]
    [InlineData("\uFFFF", false)]
    [InlineData("{U+D800}", false)]
    [InlineData("{U+DC00}", false)]
    [InlineData("{U+DC00}{U+D800}", false)]
    public void IsXmlSafe_follows_xml_1_0(string value, bool expected)
    {
        value = TestText.Decode(value);
        Assert.Equal(expected, FieldRules.IsXmlSafe(value));
        Assert.Equal(expected, CanWriteAsXml(value));
    }

    [Fact]
    public void IsXmlSafe_agrees_with_XmlWriter_on_every_char()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            var value = "a" + (char)c + "b";
            Assert.True(FieldRules.IsXmlSafe(value) == CanWriteAsXml(value), $"U+{c:X4}");
        }
        Assert.Throws<ArgumentNullException>(() => FieldRules.IsXmlSafe(null!));
    }

    [Fact]
    public void Everything_that_passes_writes_as_xml()
    {
        var random = new Random(17);
        for (var i = 0; i < 5_000; i++)
        {
            var chars = new char[random.Next(0, 12)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : (char)random.Next(0x20, 0x7F);
            }
            var value = new string(chars);
            if (FieldRules.TextProblem(value, 100, multiline: true) is null)
            {
                Assert.True(CanWriteAsXml(value));
                Assert.DoesNotContain(value, c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
                Assert.Equal(value, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)));
            }
        }
    }

    [Fact]
    public void Limits_stay_well_under_the_table_property_size()
    {
        int[] limits =
        [
            FieldRules.MaxTitleLength, FieldRules.MaxSubjectLength, FieldRules.MaxNotesLength, FieldRules.MaxReasonLength,
            FieldRules.MaxNameLength, FieldRules.MaxEmailLength, FieldRules.MaxReferenceLength, FieldRules.MaxGroupNameLength,
            FieldRules.MaxNoteLength,
        ];
        Assert.Equal(32_768, FieldRules.TableStringPropertyMaxChars);
        Assert.All(limits, limit => Assert.InRange(limit, 1, FieldRules.TableStringPropertyMaxChars / 4));
        Assert.Equal(
            (500, 2000, 4000, 2000, 200, 254, 100, 200, 4000),
            (FieldRules.MaxTitleLength, FieldRules.MaxSubjectLength, FieldRules.MaxNotesLength, FieldRules.MaxReasonLength,
             FieldRules.MaxNameLength, FieldRules.MaxEmailLength, FieldRules.MaxReferenceLength, FieldRules.MaxGroupNameLength,
             FieldRules.MaxNoteLength));
        Assert.Equal(60, FieldRules.MaxAddressees);
        Assert.True(FieldRules.MaxAddressees < 100); // one table transaction holds 100 operations
    }

    private static bool CanWriteAsXml(string value)
    {
        try
        {
            using var writer = XmlWriter.Create(new StringBuilder(), new XmlWriterSettings { CheckCharacters = true });
            writer.WriteElementString("v", value);
            writer.Flush();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
