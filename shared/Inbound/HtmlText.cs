using System.Text;
using MimeKit.Text;

namespace LiaisonFlow.Inbound;

/// <summary>
/// The text of an HTML mail body, for a mail that has no plain-text part: HTML from outside is never
/// rendered, only its words shown. Scripts and styles are dropped; block elements become line breaks.
/// </summary>
public static class HtmlText
{
    public static string Of(string html)
    {
        var text = new StringBuilder();
        var skipping = 0;
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head:
                    if (tag.IsEndTag) skipping = Math.Max(0, skipping - 1);
                    else if (!tag.IsEmptyElement) skipping++;
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR
                    or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.BlockQuote or HtmlTagId.Table:
                    if (skipping == 0) text.Append('\n');
                    break;
                case HtmlDataToken data when skipping == 0 && token.Kind is HtmlTokenKind.Data:
                    text.Append(data.Data);
                    break;
            }
        }
        // Runs of blank lines from nested blocks fold to one.
        var lines = text.ToString().Split('\n').Select(l => l.Trim());
        return string.Join('\n', lines.Where((l, i) => l.Length > 0 || i == 0)).Trim();
    }
}
