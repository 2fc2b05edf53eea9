using System.IO.Compression;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LiaisonFlow.Documents;

/// <summary>
/// Reads a .docx with the Open XML SDK into plain text blocks with their places: the page headers, then the body's
/// paragraphs and table cells in order. Word's ways of writing the same text read the same: text cut into runs,
/// tabs, soft line breaks, content controls, tracked insertions (deletions are left out).
/// </summary>
/// <remarks>
/// A .docx is a zip, and a zip can unpack to far more than it weighs. Before the SDK opens it, the sizes its
/// directory declares for the XML parts are checked against <see cref="MaxPartBytes"/> and <see cref="MaxXmlBytes"/>;
/// the SDK then refuses any part whose XML runs past <see cref="MaxPartBytes"/> characters, whatever was declared;
/// and no more than <see cref="MaxTextCharacters"/> of text is kept.
/// </remarks>
public static class LsDocumentReader
{
    /// <summary>Largest XML part read (declared bytes, and characters as parsed); an LS's document.xml is a few hundred KiB.</summary>
    public const int MaxPartBytes = 16 * 1024 * 1024;

    /// <summary>Largest total of the XML parts a .docx declares.</summary>
    public const long MaxXmlBytes = 64L * 1024 * 1024;

    /// <summary>Most entries in the zip: a Word document has a few dozen, with images a few hundred.</summary>
    public const int MaxEntries = 5000;

    /// <summary>Text kept from the document; the LS template's fields come first, so this is far more than needed.</summary>
    public const int MaxTextCharacters = 2 * 1024 * 1024;

    /// <exception cref="LsDocumentException">Not a .docx, a broken one, or one that unpacks to more than the limits.</exception>
    public static LsDocumentText Read(byte[] docx)
    {
        ArgumentNullException.ThrowIfNull(docx);
        CheckPackage(docx);
        try
        {
            using var stream = new MemoryStream(docx, writable: false);
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxPartBytes });
            if (document.MainDocumentPart?.Document?.Body is not { } body)
                throw new LsDocumentException(LsDocumentProblem.NotADocx, "The file is a package without a Word document in it; send the LS as a .docx.");
            var text = new TextCollector();
            var header = new List<TextBlock>();
            foreach (var part in document.MainDocumentPart.HeaderParts)
                foreach (var paragraph in part.Header?.Descendants<Paragraph>() ?? [])
                    text.Add(header, ParagraphText(paragraph), TextPlace.Header);
            var blocks = new List<TextBlock>();
            new BodyWalker(text, blocks).Walk(body);
            return new LsDocumentText(header, blocks, text.Truncated);
        }
        catch (Exception e) when (IsTooLarge(e))
        {
            throw new LsDocumentException(LsDocumentProblem.TooLarge, $"A part of the document unpacks to more than {MaxPartBytes / (1024 * 1024)} MiB of XML; no LS is that large.", e);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or XmlException or IOException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new LsDocumentException(LsDocumentProblem.Unreadable, $"The .docx could not be read: {e.Message}", e);
        }
    }

    /// <summary>The first bytes of an OLE compound file: Word 97–2003 documents, and password-protected .docx files.</summary>
    static ReadOnlySpan<byte> CompoundFileSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The zip's directory, before anything is unpacked: a zip at all, and XML parts of a readable size.</summary>
    static void CheckPackage(byte[] docx)
    {
        if (docx.AsSpan().StartsWith(CompoundFileSignature))
            throw new LsDocumentException(LsDocumentProblem.NotADocx, "The file is a Word 97–2003 .doc or an encrypted document, not a .docx; save it as a .docx (Word Document) without a password.");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(docx, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
                throw new LsDocumentException(LsDocumentProblem.TooLarge, $"The .docx holds {zip.Entries.Count} parts; a Word document has at most a few hundred.");
            long xml = 0;
            var hasContentTypes = false;
            foreach (var entry in zip.Entries)
            {
                hasContentTypes |= entry.FullName == "[Content_Types].xml";
                if (!entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)) continue;
                if (entry.Length > MaxPartBytes)
                    throw new LsDocumentException(LsDocumentProblem.TooLarge, $"The part {entry.FullName} unpacks to {entry.Length} bytes; the limit is {MaxPartBytes / (1024 * 1024)} MiB.");
                xml += entry.Length;
            }
            if (xml > MaxXmlBytes)
                throw new LsDocumentException(LsDocumentProblem.TooLarge, $"The document's XML unpacks to {xml} bytes; the limit is {MaxXmlBytes / (1024 * 1024)} MiB.");
            if (!hasContentTypes)
                throw new LsDocumentException(LsDocumentProblem.NotADocx, "The file is a zip, but not a Word document (no [Content_Types].xml); send the LS as a .docx.");
        }
        catch (InvalidDataException)
        {
            throw new LsDocumentException(LsDocumentProblem.NotADocx, "The file is not a .docx (not a zip package); send the LS as a Word .docx.");
        }
    }

    /// <summary>The XML reader's refusal of a part past <see cref="OpenSettings.MaxCharactersInPart"/>, however the SDK wraps it.</summary>
    static bool IsTooLarge(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is XmlException && x.Message.Contains("MaxCharacters", StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>A paragraph's text as shown: runs joined, tabs as "\t", line breaks as "\n", deleted text left out.</summary>
    static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar or PositionalTab:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Keeps text up to <see cref="MaxTextCharacters"/>.</summary>
    sealed class TextCollector
    {
        int total;

        public bool Truncated { get; private set; }

        public void Add(List<TextBlock> blocks, string text, TextPlace place)
        {
            if (total + text.Length > MaxTextCharacters)
            {
                Truncated = true;
                return;
            }
            total += text.Length;
            blocks.Add(new TextBlock(text, place));
        }
    }

    /// <summary>The body in reading order, counting paragraphs and tables as a person would; content controls are looked into.</summary>
    sealed class BodyWalker(TextCollector text, List<TextBlock> blocks)
    {
        int paragraphs;
        int tables;

        public void Walk(OpenXmlElement container)
        {
            foreach (var child in container.ChildElements)
            {
                switch (child)
                {
                    case Paragraph p:
                        text.Add(blocks, ParagraphText(p), new TextPlace(TextPlaceKind.Paragraph, Paragraph: ++paragraphs));
                        break;
                    case Table t:
                        WalkTable(t, ++tables);
                        break;
                    case SdtBlock or CustomXmlBlock or SdtContentBlock:
                        Walk(child);
                        break;
                }
            }
        }

        void WalkTable(Table table, int number)
        {
            var row = 0;
            foreach (var tr in table.Descendants<TableRow>().Where(r => r.Ancestors<Table>().First() == table))
            {
                row++;
                var cell = 0;
                foreach (var tc in tr.Descendants<TableCell>().Where(c => c.Ancestors<TableRow>().First() == tr))
                {
                    // A cell's paragraphs (nested tables' too) as lines: Enter in a cell is a new paragraph.
                    var lines = tc.Descendants<Paragraph>().Select(ParagraphText);
                    text.Add(blocks, string.Join('\n', lines), new TextPlace(TextPlaceKind.TableCell, Table: number, Row: row, Cell: ++cell));
                }
            }
        }
    }
}
