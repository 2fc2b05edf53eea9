namespace LiaisonFlow.Documents;

/// <summary>One paragraph, or one table cell (its paragraphs joined by "\n"), as plain text: tabs as "\t", soft breaks as "\n".</summary>
public sealed record TextBlock(string Text, TextPlace Place);

/// <summary>
/// The text of a Word document in reading order, with where each piece is: the page headers' paragraphs, then the
/// body's paragraphs and table cells. <see cref="Truncated"/> when the text ran past the reader's cap (the LS
/// template's fields are at the top, so what was read still has them).
/// </summary>
public sealed record LsDocumentText(IReadOnlyList<TextBlock> Header, IReadOnlyList<TextBlock> Body, bool Truncated);
