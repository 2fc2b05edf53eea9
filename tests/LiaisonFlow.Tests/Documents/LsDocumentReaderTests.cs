using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using LiaisonFlow.Documents;
using Xunit;

namespace LiaisonFlow.Tests.Documents;

/// <summary>
/// The .docx reader on its own: text and places whatever the layout, and files that are not a .docx, are broken, or
/// unpack to far more than they weigh refused with the reason — never read into memory whole.
/// </summary>
public sealed class LsDocumentReaderTests
{
    [Fact]
    public void Runs_tabs_and_soft_breaks_read_as_the_text_they_show()
    {
        var template = LsTemplate.TsagLs(5);
        var whole = LsDocumentReader.Read(LsTemplateDocument.Build(template));
        var split = LsDocumentReader.Read(LsTemplateDocument.Build(template, LsLayout.SplitRuns));

        Assert.Equal(whole.Body, split.Body);
        Assert.Equal(whole.Header, split.Header);
        Assert.Contains(whole.Header, b => b.Text == "TSAG-TD104" && b.Place == TextPlace.Header);
        Assert.Contains(whole.Header, b => b.Text == "TELECOMMUNICATION STANDARDIZATION SECTOR\tSTUDY PERIOD 2017-2020");
        Assert.Contains(whole.Body, b => b.Text == "Tel.: +41 22 730 5555\nE-mail: rg-wp.rapporteur@liaisonflow.example" && b.Place.ToString() == "table 1, row 10, cell 3");
        Assert.False(whole.Truncated);
    }

    [Fact]
    public void Paragraphs_keep_their_tabs_and_line_breaks()
    {
        var text = LsDocumentReader.Read(LsTemplateDocument.Build(LsTemplate.Sg17() with { ForAction = "ITU-T SG2\nSG3" }, LsLayout.ParagraphHeader));
        Assert.Contains(text.Body, b => b.Text == "For action to:\tITU-T SG2\nSG3" && b.Place.ToString() == "paragraph 5");
    }

    [Theory]
    [InlineData("")]
    [InlineData("This is plain text, not a Word document.")]
    [InlineData("PK\u0003\u0004 a zip that stops here")]
    public void Bytes_that_are_no_zip_are_not_a_docx(string content) =>
        AssertRefused(Encoding.UTF8.GetBytes(content), LsDocumentProblem.NotADocx);

    [Fact]
    public void A_Word_97_document_is_not_a_docx_and_says_so()
    {
        var doc = new byte[1024];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(doc, 0);
        var e = AssertRefused(doc, LsDocumentProblem.NotADocx);
        Assert.Contains("Word 97", e.Message);
    }

    [Fact]
    public void A_zip_of_other_files_is_not_a_docx() =>
        AssertRefused(Zip(("notes.txt", "minutes of the meeting"), ("data.csv", "a,b\n1,2")), LsDocumentProblem.NotADocx);

    [Fact]
    public void A_package_without_a_word_document_is_not_a_docx() =>
        AssertRefused(Zip(("[Content_Types].xml", """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""")),
            LsDocumentProblem.NotADocx, LsDocumentProblem.Unreadable);

    [Fact]
    public void A_docx_with_broken_xml_is_unreadable()
    {
        var good = LsTemplateDocument.Build(LsTemplate.TsagLs(3));
        var broken = Rewrite(good, "word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>");
        AssertRefused(broken, LsDocumentProblem.Unreadable);
    }

    [Fact]
    public void A_zip_bomb_is_refused_from_its_directory_before_it_is_unpacked()
    {
        // document.xml unpacks to 64 MiB of XML and weighs a few dozen KiB.
        var good = LsTemplateDocument.Build(LsTemplate.TsagLs(3));
        var bomb = Rewrite(good, "word/document.xml", null, 64 * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb weighs {bomb.Length} bytes");

        var clock = Stopwatch.StartNew();
        var e = AssertRefused(bomb, LsDocumentProblem.TooLarge);
        Assert.Contains("word/document.xml", e.Message);
        // Refused from the zip's directory: nothing unpacked, so well under a second even on a busy machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_zip_bomb_that_understates_its_size_is_refused_while_unpacked()
    {
        // The zip's directory says document.xml unpacks to 1 KiB; it unpacks to 64 MiB. The zip reader stops at the size
        // declared (and the XML reader's cap would stop what a lying directory lets through), so it is refused, not unpacked.
        var bomb = Rewrite(LsTemplateDocument.Build(LsTemplate.TsagLs(3)), "word/document.xml", null, 64 * 1024 * 1024);
        var lying = Understate(bomb, "word/document.xml", 1024);
        Assert.NotEqual(bomb, lying);

        var e = AssertRefused(lying, LsDocumentProblem.Unreadable);
        Assert.StartsWith("The .docx could not be read", e.Message);
    }

    [Fact]
    public void Text_past_the_cap_is_left_out_and_the_document_says_it_was_truncated()
    {
        var long_ = LsTemplate.TsagLs(3) with { Body = new string('x', LsDocumentReader.MaxTextCharacters + 10) };
        var text = LsDocumentReader.Read(LsTemplateDocument.Build(long_));
        Assert.True(text.Truncated);
        Assert.True(text.Body.Sum(b => b.Text.Length) <= LsDocumentReader.MaxTextCharacters);
        Assert.Contains(text.Body, b => b.Text.StartsWith("For action to:", StringComparison.Ordinal));
    }

    static LsDocumentException AssertRefused(byte[] bytes, params LsDocumentProblem[] problems)
    {
        var e = Assert.Throws<LsDocumentException>(() => LsDocumentReader.Read(bytes));
        Assert.Contains(e.Problem, problems);
        return e;
    }

    /// <summary>The zip with the uncompressed size its local header and central directory give <paramref name="part"/> set to <paramref name="size"/>.</summary>
    static byte[] Understate(byte[] zip, string part, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(part);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            // Local file header: name at 30, uncompressed size at 22; central directory header: name at 46, size at 24.
            var (nameAt, sizeAt) = signature switch { 0x04034b50 => (30, 22), 0x02014b50 => (46, 24), _ => (0, 0) };
            if (nameAt == 0 || !bytes.AsSpan(i + nameAt).StartsWith(name)) continue;
            BitConverter.GetBytes(size).CopyTo(bytes, i + sizeAt);
        }
        return bytes;
    }

    static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        return stream.ToArray();
    }

    /// <summary>The package with one part replaced: by <paramref name="content"/>, or by <paramref name="padding"/> spaces inside a document element.</summary>
    internal static byte[] Rewrite(byte[] docx, string part, string? content, int padding = 0)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var to = target.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
                if (entry.FullName != part)
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                    continue;
                }
                if (content is not null)
                {
                    to.Write(Encoding.UTF8.GetBytes(content));
                    continue;
                }
                to.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"u8);
                var spaces = new byte[1024 * 1024];
                Array.Fill(spaces, (byte)' ');
                for (var written = 0; written < padding; written += spaces.Length) to.Write(spaces);
                to.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
            }
        }
        return output.ToArray();
    }
}
