namespace LiaisonFlow.Documents;

/// <summary>Where in a Word document a piece of text is: the page header, a paragraph of the body, or a table cell.</summary>
public enum TextPlaceKind { Header, Paragraph, TableCell }

/// <summary>
/// A place in the document, numbered as a person counts them (from 1): body paragraphs outside tables, tables, and
/// rows and cells within a table. Shown as "header", "paragraph 7" or "table 1, row 2, cell 2".
/// </summary>
public sealed record TextPlace(TextPlaceKind Kind, int Paragraph = 0, int Table = 0, int Row = 0, int Cell = 0)
{
    public static readonly TextPlace Header = new(TextPlaceKind.Header);

    public bool IsInSameRowAs(TextPlace other) =>
        Kind == TextPlaceKind.TableCell && other.Kind == TextPlaceKind.TableCell && Table == other.Table && Row == other.Row;

    public override string ToString() => Kind switch
    {
        TextPlaceKind.Header => "header",
        TextPlaceKind.Paragraph => $"paragraph {Paragraph}",
        _ => $"table {Table}, row {Row}, cell {Cell}",
    };
}
