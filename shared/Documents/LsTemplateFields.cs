using System.Text.RegularExpressions;
using LiaisonFlow.Domain;
using LiaisonFlow.Import;

namespace LiaisonFlow.Documents;

/// <summary>
/// Reads the ITU LS template's fields out of a document's text: the header's "Question(s):", "Source:", "Title:", the
/// "For action to:", "For comment to:", "For information to:" lines, "Approval:", "Deadline:", the "Contact:" block, and
/// the TD number from the page header. A label and its value may share a line ("Title:\tLS on …"), or the value may
/// be the next table cell or the next paragraph; the first occurrence of a label counts. What is read is checked as
/// POST /api/liaisons would check it, and what cannot be used is left empty with a warning naming the field.
/// </summary>
public static partial class LsTemplateFields
{
    /// <summary>Longest contact line searched for an e-mail address; an address is at most 254 characters.</summary>
    const int MaxContactLineLength = 1000;

    /// <summary>Lines a "Contact:" block written as paragraphs may run to: name, organization, country, phone, fax, mail and a spare.</summary>
    const int MaxContactLines = 8;

    enum Label { Questions, Source, Title, Purpose, ForAction, ForComment, ForInformation, Approval, Deadline, Contact }

    sealed record Line(string Text, int Block, TextPlace Place);

    sealed record Piece(string Text, TextPlace Place);

    sealed record Field(Label Label, string LabelText, TextPlace LabelPlace, IReadOnlyList<Piece> Pieces)
    {
        public string OneLine(string separator = " ") => LsTemplateFields.OneLine(string.Join(separator, Pieces.Select(p => p.Text)));

        public TextPlace Where => Pieces.Count > 0 ? Pieces[0].Place : LabelPlace;
    }

    /// <exception cref="LsDocumentException"><see cref="LsDocumentProblem.NotAnLs"/>: no addressee line at all.</exception>
    public static ExtractedLs Read(LsDocumentText document, GroupDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(directory);
        var lines = Lines(document.Body);
        var fields = Fields(lines);
        if (!fields.ContainsKey(Label.ForAction) && !fields.ContainsKey(Label.ForComment) && !fields.ContainsKey(Label.ForInformation))
            throw new LsDocumentException(LsDocumentProblem.NotAnLs,
                "This document does not look like an LS: no \"For action to:\", \"For comment to:\" or \"For information to:\" line" +
                (fields.ContainsKey(Label.Title) ? "." : " and no \"Title:\"."));

        var found = new Dictionary<string, FoundText>();
        var warnings = new List<ExtractWarning>();

        string? Text(Label label, string path, int maxLength, string separator = " ")
        {
            if (!fields.TryGetValue(label, out var field) || field.OneLine(separator) is not { Length: > 0 } text) return null;
            found[path] = new FoundText(text, field.Where.ToString());
            if (FieldRules.TextProblem(text, maxLength) is not { } problem) return text;
            warnings.Add(new ExtractWarning(path, $"The text found cannot be used: {problem}"));
            return null;
        }

        var title = Text(Label.Title, "title", FieldRules.MaxTitleLength);
        if (!fields.ContainsKey(Label.Title)) warnings.Add(new ExtractWarning("title", "No \"Title:\" found; give the LS a title."));
        var questions = Text(Label.Questions, "questions", FieldRules.MaxQuestionsLength, ", ");
        if (questions is not null && IsNone(questions)) questions = null;
        var approval = Text(Label.Approval, "approval", FieldRules.MaxApprovalLength);
        var source = Text(Label.Source, "sourceGroup", FieldRules.MaxNameLength);
        var sourceGroup = source is null ? null : directory.Find(source)?.Id ?? source;

        var (td, sourceBody) = Td(document, lines, found, warnings);
        var contact = Contact(fields.GetValueOrDefault(Label.Contact), found, warnings);
        var addressees = Addressees(fields, directory, found, warnings);
        if (document.Truncated)
            warnings.Add(new ExtractWarning("body", $"The document has more than {LsDocumentReader.MaxTextCharacters} characters of text; only those were read."));

        return new ExtractedLs(title, null, sourceBody, sourceGroup, td, questions, approval, null, contact, addressees, found, warnings);
    }

    /// <summary>The body's blocks as lines, each knowing its block and place.</summary>
    static List<Line> Lines(IReadOnlyList<TextBlock> blocks)
    {
        var lines = new List<Line>();
        for (var b = 0; b < blocks.Count; b++)
            foreach (var text in blocks[b].Text.Split('\n'))
                lines.Add(new Line(text, b, blocks[b].Place));
        return lines;
    }

    /// <summary>Each label's first occurrence with its value.</summary>
    static Dictionary<Label, Field> Fields(List<Line> lines)
    {
        var fields = new Dictionary<Label, Field>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (LabelLine().Match(lines[i].Text) is not { Success: true } m) continue;
            var label = LabelOf(m.Groups["label"].Value);
            if (fields.ContainsKey(label)) continue;
            fields[label] = new Field(label, OneLine(m.Groups["label"].Value) + ":", lines[i].Place, Value(lines, i, m.Groups["value"].Value, label == Label.Contact));
        }
        return fields;
    }

    /// <summary>
    /// The value of the label on line <paramref name="at"/>: the rest of its line and the rest of its block; when that
    /// is empty, the next cell of the row or the next paragraph. A contact block also takes the rest of its row, or the
    /// paragraphs that follow up to an empty one.
    /// </summary>
    static List<Piece> Value(List<Line> lines, int at, string rest, bool contact)
    {
        var pieces = new List<Piece>();
        var start = lines[at];
        void Add(string text, TextPlace place)
        {
            if (!string.IsNullOrWhiteSpace(text)) pieces.Add(new Piece(text.Trim(), place));
        }
        bool Free(int j) => j < lines.Count && !LabelLine().IsMatch(lines[j].Text);

        Add(rest, start.Place);
        var i = at + 1;
        for (; Free(i) && lines[i].Block == start.Block; i++) Add(lines[i].Text, lines[i].Place);
        if (contact && start.Place.Kind == TextPlaceKind.TableCell)
        {
            for (; Free(i) && lines[i].Place.IsInSameRowAs(start.Place); i++) Add(lines[i].Text, lines[i].Place);
        }
        else if (contact)
        {
            for (; Free(i) && lines[i].Place.Kind == TextPlaceKind.Paragraph && !string.IsNullOrWhiteSpace(lines[i].Text) && pieces.Count < MaxContactLines; i++)
                Add(lines[i].Text, lines[i].Place);
        }
        else if (pieces.Count == 0 && Free(i)
            && (start.Place.Kind == TextPlaceKind.TableCell ? lines[i].Place.IsInSameRowAs(start.Place) : lines[i].Place.Kind == TextPlaceKind.Paragraph))
        {
            var block = lines[i].Block;
            for (; Free(i) && lines[i].Block == block; i++) Add(lines[i].Text, lines[i].Place);
        }
        return pieces;
    }

    /// <summary>The TD number from the page header, else from the top of the body (before the template's first label).</summary>
    static (string? Td, string? SourceBody) Td(LsDocumentText document, List<Line> lines, Dictionary<string, FoundText> found, List<ExtractWarning> warnings)
    {
        var top = lines.TakeWhile(l => !LabelLine().IsMatch(l.Text)).Select(l => new TextBlock(l.Text, l.Place));
        foreach (var block in document.Header.Concat(top))
        {
            foreach (Match m in TdNumber().Matches(block.Text))
            {
                var canonical = $"TD{m.Groups["n"].Value}{(m.Groups["r"].Success ? "R" + m.Groups["r"].Value : "")}{(m.Groups["part"].Success ? " " + m.Groups["part"].Value : "")}";
                if (!TdReference.TryParse(canonical, out var td) || td is null) continue;
                found["td"] = new FoundText(m.Value, block.Place.ToString());
                string? body = null;
                // The TD's prefix is the meeting's body ("TSAG-TD102R1"), whose LS number series the LS joins.
                if (m.Groups["body"].Success && LsNumber.TryCreateBody(m.Groups["body"].Value, out var canonicalBody, out _))
                {
                    body = canonicalBody;
                    found["sourceBody"] = found["td"];
                }
                return (td.ToString(), body);
            }
        }
        warnings.Add(new ExtractWarning("td", "No TD number (such as \"TSAG-TD102R1\") found in the page header or at the top of the document."));
        return (null, null);
    }

    /// <summary>Name, organization and e-mail from a "Contact:" block; phone and fax lines are left out.</summary>
    static ExtractedContact? Contact(Field? field, Dictionary<string, FoundText> found, List<ExtractWarning> warnings)
    {
        if (field is null || field.Pieces.Count == 0)
        {
            warnings.Add(new ExtractWarning("contact", "No \"Contact:\" block found; name the LS's contact and e-mail."));
            return null;
        }
        string? email = null;
        var people = new List<Piece>();
        foreach (var piece in field.Pieces)
        {
            // Only short lines with an "@" are searched: the address pattern backtracks on long runs without one.
            if (email is null && piece.Text.Length <= MaxContactLineLength && piece.Text.Contains('@') && EmailAddress().Match(piece.Text) is { Success: true } m && m.Value.TrimEnd('.') is var address
                && MeetingImporter.IsEmail(address) && address.Length <= FieldRules.MaxEmailLength)
            {
                email = address;
                found["contact.email"] = new FoundText(piece.Text, piece.Place.ToString());
            }
            else if (!PhoneOrMail().IsMatch(piece.Text) && !piece.Text.Contains('@'))
            {
                people.Add(piece);
            }
        }
        string? name = null;
        if (people.Count > 0)
        {
            name = OneLine(people[0].Text).TrimEnd(',', ';');
            found["contact.name"] = new FoundText(people[0].Text, people[0].Place.ToString());
            if (FieldRules.TextProblem(name, FieldRules.MaxNameLength) is { } problem)
            {
                warnings.Add(new ExtractWarning("contact.name", $"The name found cannot be used: {problem}"));
                name = null;
            }
        }
        else warnings.Add(new ExtractWarning("contact.name", "The contact block has no name; add one."));
        string? organization = null;
        if (people.Count > 1)
        {
            organization = OneLine(string.Join(", ", people.Skip(1).Select(p => p.Text.TrimEnd(',', ';'))));
            found["contact.organization"] = new FoundText(organization, people[1].Place.ToString());
            if (FieldRules.TextProblem(organization, FieldRules.MaxNameLength) is not null) organization = null;
        }
        if (email is null) warnings.Add(new ExtractWarning("contact.email", "The contact block has no e-mail address; add one."));
        return new ExtractedContact(name, organization, email);
    }

    /// <summary>The groups of the three "For … to:" lines, in the template's order, with the "Deadline:" for those that owe a reply.</summary>
    static List<ExtractedAddressee> Addressees(Dictionary<Label, Field> fields, GroupDirectory directory, Dictionary<string, FoundText> found, List<ExtractWarning> warnings)
    {
        string? deadline = null;
        string? deadlineProblem = null;
        var deadlineField = fields.GetValueOrDefault(Label.Deadline);
        var deadlineText = deadlineField?.OneLine();
        if (!string.IsNullOrEmpty(deadlineText))
        {
            if (Deadline.TryParse(deadlineText, out var parsed, out var error)) deadline = parsed.IsNone ? null : parsed.Raw;
            else deadlineProblem = error;
        }

        var addressees = new List<ExtractedAddressee>();
        foreach (var (label, purpose) in new[] { (Label.ForAction, Purpose.Action), (Label.ForComment, Purpose.Comment), (Label.ForInformation, Purpose.Information) })
        {
            if (!fields.TryGetValue(label, out var field)) continue;
            foreach (var listed in GroupList.Split(string.Join("\n", field.Pieces.Select(p => p.Text)), directory))
            {
                // Past the limit the LS cannot be created anyway; one more shows it, a thousand would only bloat the answer.
                if (addressees.Count > FieldRules.MaxAddressees) break;
                var at = $"addressees[{addressees.Count}]";
                var where = field.Pieces.FirstOrDefault(p => p.Text.Contains(listed.AsWritten, StringComparison.Ordinal))?.Place ?? field.Where;
                found[$"{at}.group"] = new FoundText(listed.AsWritten, where.ToString());
                found[$"{at}.purpose"] = new FoundText(field.LabelText, field.LabelPlace.ToString());
                var group = directory.Find(listed.Name);
                if (group is null)
                    warnings.Add(new ExtractWarning($"{at}.group", $"No group \"{listed.AsWritten}\" in the directory; choose one."));
                else if (addressees.FirstOrDefault(a => a.Group == group.Id) is { } twice)
                    warnings.Add(new ExtractWarning($"{at}.group", $"{group.Name} is already an addressee (for {twice.Purpose.ToString().ToLowerInvariant()}); keep one."));
                var owesReply = purpose.ExpectsReply();
                if (owesReply && !string.IsNullOrEmpty(deadlineText))
                {
                    found[$"{at}.deadline"] = new FoundText(deadlineText, deadlineField!.Where.ToString());
                    if (deadlineProblem is not null)
                        warnings.Add(new ExtractWarning($"{at}.deadline", $"The deadline \"{deadlineText}\" could not be read ({deadlineProblem}); enter it as e.g. \"before 28 February 2018\"."));
                }
                addressees.Add(new ExtractedAddressee(group?.Id ?? listed.AsWritten, purpose, owesReply ? deadline : null));
            }
        }
        if (addressees.Count == 0)
            warnings.Add(new ExtractWarning("addressees", "The \"For … to:\" lines name no group; name at least one."));
        else if (addressees.Count > FieldRules.MaxAddressees)
            warnings.Add(new ExtractWarning("addressees", $"The document names more than {FieldRules.MaxAddressees} groups; an LS has at most {FieldRules.MaxAddressees}."));
        return addressees;
    }

    static Label LabelOf(string text)
    {
        var s = DomainText.Fold(text);
        return s switch
        {
            _ when s.StartsWith("question", StringComparison.Ordinal) => Label.Questions,
            _ when s.StartsWith("source", StringComparison.Ordinal) => Label.Source,
            _ when s.StartsWith("title", StringComparison.Ordinal) => Label.Title,
            _ when s.StartsWith("purpose", StringComparison.Ordinal) => Label.Purpose,
            _ when s.StartsWith("for action", StringComparison.Ordinal) => Label.ForAction,
            _ when s.StartsWith("for comment", StringComparison.Ordinal) => Label.ForComment,
            _ when s.StartsWith("for info", StringComparison.Ordinal) => Label.ForInformation,
            _ when s.StartsWith("approv", StringComparison.Ordinal) => Label.Approval,
            _ when s.StartsWith("deadline", StringComparison.Ordinal) => Label.Deadline,
            _ => Label.Contact,
        };
    }

    static bool IsNone(string text) => DomainText.Fold(text) is "n/a" or "na" or "none" or "-" or "--" or "nil" or "not applicable";

    /// <summary>Tabs, breaks and runs of spaces as one space, trimmed.</summary>
    static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    // A template label at the start of a line: with a colon and the value after it, or alone on its line (a label cell).
    // "to" is often dropped from the addressee labels ("For information: TSAG").
    [GeneratedRegex(@"\A\s*(?<label>questions?\s*(?:\(s\))?|source|title|purpose|for\s+action(?:\s+to)?|for\s+comments?(?:\s+to)?|for\s+info(?:rmation)?(?:\s+to)?|approval|deadline|contacts?\s*(?:\(s\))?)\s*(?:[:：]\s*(?<value>.*)|\z)",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex LabelLine();

    // "TSAG-TD102R1", "TD 102 Rev.1", "SG17-TD1234Rev.2", "TSAG-TD84 Annex C"; "TD" in capitals, digits ASCII.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:(?<body>[A-Za-z][A-Za-z0-9]{0,15})\s*-\s*)?(?-i:TD)\s*-?\s*(?<n>[0-9]{1,6})(?:\s*(?:R|Rev\.?)\s*(?<r>[0-9]{1,3}))?(?:[\s,]*\(?\s*(?<part>(?:Annex|Addendum|Add\.?|Attachment|Appendix)\s*[A-Za-z0-9]{1,5})\)?)?(?![A-Za-z0-9])",
        RegexOptions.IgnoreCase)]
    private static partial Regex TdNumber();

    [GeneratedRegex(@"[^\s<>()\[\]""':;,]+@[^\s<>()\[\]""':;,]+")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"\A\s*(?:tel|phone|telephone|fax|mobile|mob|e-?mail)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneOrMail();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
