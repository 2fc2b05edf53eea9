using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LiaisonFlow.Tests.Documents;

/// <summary>How the LS template's header is laid out in the .docx: the same fields, as people fill them in.</summary>
public enum LsLayout
{
    /// <summary>The ITU template: one table, a label cell and a value cell per row; the contact's phone and mail in a third cell.</summary>
    TableHeader,

    /// <summary>Plain paragraphs, "Label:" a tab and the value; the contact over several paragraphs.</summary>
    ParagraphHeader,

    /// <summary>The table, with every text cut into runs mid-word (Word does this after edits and spell checks), tabs and soft breaks.</summary>
    SplitRuns,
}

/// <summary>
/// The fields of an ITU LS as written in the template; null leaves the line out. Group lines are the text as
/// written ("ITU-T SG2, SG3 and SG17"); "\n" in a value is a soft line break in Word.
/// </summary>
/// <param name="Td">The document number in the page header, e.g. "TSAG-TD102R1".</param>
public sealed record LsTemplate(
    string? Td,
    string? Questions,
    string? SourceText,
    string? Title,
    string? ForAction,
    string? ForComment,
    string? ForInformation,
    string? Deadline,
    string? Approval,
    string? ContactName,
    string? ContactOrganization,
    string? ContactTel,
    string? ContactEmail,
    string? Body = "TSAG thanks the groups for their work and asks them to take the attached text into account.")
{
    const string Approved = "TSAG meeting, Geneva, 1-4 May 2017";

    static LsTemplate Tsag(string td, string title, string? action, string? comment, string? information, string? deadline, string rapporteur, string email) =>
        new(td, "N/A", "TSAG", title, action, comment, information, deadline, Approved, rapporteur, "TSAG rapporteur group", "+41 22 730 5555", email);

    const string RgSc = "rg-sc.rapporteur@liaisonflow.example";
    const string RgWp = "rg-wp.rapporteur@liaisonflow.example";

    /// <summary>TSAG-LS1 … LS7 of the TSAG meeting of 1–4 May 2017 (data/meetings/tsag-2017-05.json, the fact sheet), as their LS documents say it.</summary>
    public static LsTemplate TsagLs(int number) => number switch
    {
        1 => Tsag("TSAG-TD102R1", "LS on ITU inter-sector coordination", null,
            "ISCT, TDAG, ITU-D SGs, RAG, ITU-R SGs, ITU-T SG2, SG3, SG5, SG9, SG11, SG12, SG13, SG15, SG16, SG17, SG20", null,
            "before 28 February 2018", "Glenn Parsons", RgSc),
        2 => Tsag("TSAG-TD121", "LS on increasing the number of replies from developing countries to ITU-T questionnaires", "TDAG", null, null,
            "none", "Reiner Liebler", RgWp),
        3 => Tsag("TSAG-TD117R1", "LS on open source", "ITU-T SGs", null, null, "before 12 March 2018", "Glenn Parsons", RgSc),
        4 => Tsag("TSAG-TD113", "LS on the IAB statement on IPv6", null, null, "ITU-D SGs, ITU-R SGs and ITU-T SGs", "n/a", "Glenn Parsons", RgSc),
        5 => Tsag("TSAG-TD104", "LS on the transfer of FG DFS deliverables to ITU-T study groups", "ITU-T SG2, SG3, SG12, SG16 and SG17", null,
            "ITU-T SG5, SG9, SG11, SG13, SG15 and SG20", "before February 2018", "Reiner Liebler", RgWp),
        6 => Tsag("TSAG-TD84 Annex C", "LS on the review of obsolete and inactive work items and on lead study group reports", "all ITU-T SGs", null, null,
            "before February 2018", "Reiner Liebler", RgWp),
        7 => Tsag("TSAG-TD118", "LS on the list of ITU-T collaboration mechanisms", null, null, "ITU-T SGs", "none", "Glenn Parsons", RgSc),
        _ => throw new ArgumentOutOfRangeException(nameof(number), number, "TSAG sent LS1 to LS7 at its May 2017 meeting."),
    };

    /// <summary>One addressee for comment, nobody for information, no deadline: no reply is chased.</summary>
    public static LsTemplate RagForComment() => Tsag("TSAG-TD130", "LS on the coordination of IMT-2020 terminology", null, "RAG", "n/a", "n/a",
        "Glenn Parsons", RgSc);

    /// <summary>A study group's LS with questions, groups of several kinds in one line and the template's own deadline phrasing.</summary>
    public static LsTemplate Sg17() => new("SG17-TD1234Rev.2", "Q2/17, Q4/17", "ITU-T Study Group 17", "LS on security of software-defined networks",
        "ITU-T SG2, SG3; SG11 and SG13", "ISO/IEC JTC 1", "TSAG", "Reply by 15 March 2018", "ITU-T SG17 meeting, Geneva, 29 August - 7 September 2017",
        "Heung Youl Youm", "Soonchunhyang University\nKorea (Rep. of)", "+82 41 530 1328", "sg17.chair@liaisonflow.example");
}

/// <summary>Builds an LS .docx from an <see cref="LsTemplate"/> with the Open XML SDK, in one of the <see cref="LsLayout"/>s.</summary>
public static class LsTemplateDocument
{
    public static byte[] Build(LsTemplate template, LsLayout layout = LsLayout.TableHeader)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var split = layout == LsLayout.SplitRuns;
            var main = document.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);

            // The TD number lives in the page header, as in the ITU template.
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(
                Paragraph("INTERNATIONAL TELECOMMUNICATION UNION", split),
                Paragraph("TELECOMMUNICATION STANDARDIZATION SECTOR\tSTUDY PERIOD 2017-2020", split),
                Paragraph(template.Td ?? "", split));
            body.Append(layout == LsLayout.ParagraphHeader ? Paragraphs(template) : [TemplateTable(template, split)]);
            if (template.Body is { } text) body.Append(new Paragraph(), Paragraph(text, split));
            body.Append(new SectionProperties(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) }));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The template's fields above its "LIAISON STATEMENT" heading, label and value, in order.</summary>
    static (string Label, string? Value)[] Above(LsTemplate t) => [("Question(s):", t.Questions), ("Source:", t.SourceText), ("Title:", t.Title)];

    /// <summary>The template's fields below the heading, before the contact.</summary>
    static (string Label, string? Value)[] Below(LsTemplate t) =>
        [("For action to:", t.ForAction), ("For comment to:", t.ForComment), ("For information to:", t.ForInformation), ("Approval:", t.Approval), ("Deadline:", t.Deadline)];

    /// <summary>The header as plain paragraphs: "Label:\tvalue", the contact's lines in paragraphs of their own.</summary>
    static OpenXmlElement[] Paragraphs(LsTemplate t)
    {
        var list = new List<OpenXmlElement>();
        void Line(string label, string? value)
        {
            if (value is not null) list.Add(Paragraph($"{label}\t{value}", split: false));
        }
        foreach (var (label, value) in Above(t)) Line(label, value);
        list.Add(Paragraph("LIAISON STATEMENT", split: false));
        foreach (var (label, value) in Below(t)) Line(label, value);
        if (t.ContactName is not null)
        {
            list.Add(Paragraph($"Contact:\t{t.ContactName}", split: false));
            foreach (var line in (t.ContactOrganization ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                list.Add(Paragraph($"\t{line}", split: false));
            if (t.ContactTel is not null) list.Add(Paragraph($"\tTel.: {t.ContactTel}", split: false));
            if (t.ContactEmail is not null) list.Add(Paragraph($"\tE-mail: {t.ContactEmail}", split: false));
        }
        list.Add(new Paragraph());
        return [.. list];
    }

    /// <summary>The ITU template's table: label, value (and the contact's phone and mail in a third cell).</summary>
    static Table TemplateTable(LsTemplate t, bool split)
    {
        var table = new Table(new TableProperties(new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        void Row(string label, string? value, string? third = null)
        {
            if (value is null) return;
            var row = new TableRow(Cell(label, split), Cell(value, split));
            if (third is not null) row.Append(Cell(third, split));
            table.Append(row);
        }
        foreach (var (label, value) in Above(t)) Row(label, value, label == "Question(s):" ? "Geneva, 1-4 May 2017" : null);
        Row("Purpose:", "LS");
        var heading = new TableRow(new TableCell(new TableCellProperties(new GridSpan { Val = 3 }), Paragraph("LIAISON STATEMENT", split)));
        table.Append(heading);
        foreach (var (label, value) in Below(t)) Row(label, value);
        if (t.ContactName is not null)
        {
            var who = string.Join('\n', new[] { t.ContactName, t.ContactOrganization }.OfType<string>());
            var reach = string.Join('\n', new[] { t.ContactTel is null ? null : $"Tel.: {t.ContactTel}", t.ContactEmail is null ? null : $"E-mail: {t.ContactEmail}" }.OfType<string>());
            Row("Contact:", who, reach);
        }
        return table;
    }

    /// <summary>A cell whose "\n"s are separate paragraphs (as Enter makes them in a cell).</summary>
    static TableCell Cell(string text, bool split) => new([.. text.Split('\n').Select(line => Paragraph(line, split))]);

    /// <summary>A paragraph of runs: "\t" a tab, "\n" a soft line break; with <paramref name="split"/>, runs of three characters with spelling marks between.</summary>
    static Paragraph Paragraph(string text, bool split)
    {
        var paragraph = new Paragraph();
        var pieces = split ? Chunks(text, 3) : [text];
        var bold = false;
        foreach (var piece in pieces)
        {
            var run = new Run();
            if (split)
            {
                run.Append(new RunProperties(new Bold { Val = OnOffValue.FromBoolean(bold) }));
                bold = !bold;
            }
            var pending = new StringBuilder();
            void Flush()
            {
                if (pending.Length > 0) run.Append(new Text(pending.ToString()) { Space = SpaceProcessingModeValues.Preserve });
                pending.Clear();
            }
            foreach (var c in piece)
            {
                if (c is not ('\t' or '\n')) { pending.Append(c); continue; }
                Flush();
                run.Append(c == '\t' ? new TabChar() : new Break());
            }
            Flush();
            paragraph.Append(run);
            if (split) paragraph.Append(new ProofError { Type = ProofingErrorValues.SpellStart });
        }
        return paragraph;
    }

    static IEnumerable<string> Chunks(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size) yield return text.Substring(i, Math.Min(size, text.Length - i));
    }
}
