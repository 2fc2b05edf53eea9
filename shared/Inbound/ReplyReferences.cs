using System.Text.RegularExpressions;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Inbound;

/// <summary>
/// The reference a reply registered from a mail gets: the first LS number in the subject or an attachment's
/// name that is not the number of the LS being answered ("Re: TSAG-LS3 — reply SG17-LS12" → "SG17-LS12"), else
/// a TD reference ("TD 233"), else the subject itself, trimmed of "Re:"/"Fwd:".
/// </summary>
public static partial class ReplyReferences
{
    public static string Of(string subject, IEnumerable<string> attachmentNames, LsNumber? answered, string messageId)
    {
        var texts = attachmentNames.Select(Path.GetFileNameWithoutExtension).OfType<string>().Prepend(subject).ToList();
        foreach (var text in texts)
            foreach (Match m in LsNumberText().Matches(text))
                if (LsNumber.TryParse(m.Value, out var number) && number != answered) return number!.ToString();
        foreach (var text in texts)
            foreach (Match m in TdText().Matches(text))
                if (TdReference.TryParse(m.Value, out var td)) return td!.Display;

        var trimmed = ReplyPrefix().Replace(subject, "").Trim();
        trimmed = InboundRecord.Clean(trimmed, FieldRules.MaxReferenceLength);
        // A reference tells replies apart by its letters and digits: a subject without any is no reference.
        return trimmed.Any(char.IsLetterOrDigit) ? trimmed : $"mail {messageId}";
    }

    /// <summary>The LS numbers written in a text ("Re: TSAG-LS3" → TSAG-LS3).</summary>
    public static IEnumerable<LsNumber> Numbers(string text) =>
        LsNumberText().Matches(text).Select(m => LsNumber.TryParse(m.Value, out var n) ? n : null).OfType<LsNumber>();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*-LS ?[0-9]{1,6}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex LsNumberText();

    [GeneratedRegex(@"(?<![A-Za-z0-9])TD ?[0-9]{1,6}(?![0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TdText();

    [GeneratedRegex(@"^(?:\s*(?:re|fwd?|aw|tr|wg)\s*:\s*)+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();
}
