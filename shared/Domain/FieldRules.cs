using System.Globalization;
using System.Xml;

namespace LiaisonFlow.Domain;

/// <summary>
/// Limits and character rules for free-text fields, so that whatever is accepted can be stored in Azure Table
/// storage, read back and written out again (JSON, Atom/XML, iCalendar, CSV, mail) without failing.
/// </summary>
/// <remarks>
/// Lengths count UTF-16 code units (<see cref="string.Length"/>), the unit Azure Table storage limits: a string property
/// holds at most 64 KiB, i.e. <see cref="TableStringPropertyMaxChars"/> UTF-16 characters. Every limit here is far below
/// that, so a record with every field at its limit still fits one property per field and one 1 MiB entity.
/// </remarks>
public static class FieldRules
{
    /// <summary>Azure Table storage's ceiling for one string property: 64 KiB of UTF-16, 32 768 characters.</summary>
    public const int TableStringPropertyMaxChars = 32 * 1024;

    /// <summary>An LS's title.</summary>
    public const int MaxTitleLength = 500;

    /// <summary>An LS's subject (a paragraph).</summary>
    public const int MaxSubjectLength = 2000;

    /// <summary>An LS's notes (multi-line).</summary>
    public const int MaxNotesLength = 4000;

    /// <summary>The reason given for a command (rejection, hold, withdrawal, closure).</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>A person's name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>An e-mail address (the RFC 5321 path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>A reference such as a reply's LS number or TD, or a report section.</summary>
    public const int MaxReferenceLength = 100;

    /// <summary>A group's name or alias as written.</summary>
    public const int MaxGroupNameLength = 200;

    /// <summary>A note on a reply (multi-line).</summary>
    public const int MaxNoteLength = 4000;

    /// <summary>The questions an LS comes from ("Q2/17, Q4/17"), on one line.</summary>
    public const int MaxQuestionsLength = 200;

    /// <summary>Where and when the LS was approved ("TSAG meeting, Geneva, 1-4 May 2017"), on one line.</summary>
    public const int MaxApprovalLength = 300;

    /// <summary>
    /// Addressees per LS: an LS's rows are written in one table transaction, which holds at most 100 operations; 60
    /// leaves room for the record, history and track rows written with them.
    /// </summary>
    public const int MaxAddressees = 60;

    /// <summary>
    /// Why <paramref name="value"/> cannot be stored as a text field, or null when it can (null itself is fine: whether
    /// a field is required is the caller's rule). The message is a sentence that does not repeat the value.
    /// </summary>
    /// <param name="maxLength">Most UTF-16 characters allowed, e.g. <see cref="MaxTitleLength"/>.</param>
    /// <param name="multiline">Allows line breaks ("\n", "\r") and tabs; every other control character is refused either way.</param>
    /// <remarks>
    /// Refused: more than <paramref name="maxLength"/> characters; a lone surrogate (not well-formed UTF-16); anything
    /// that is not <see cref="IsXmlSafe">XML-safe</see>; any other control character (<see cref="char.IsControl(char)"/>:
    /// DEL and U+0080–U+009F too, which table keys and mail headers also refuse); and, unless multiline, "\n", "\r", "\t".
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    public static string? TextProblem(string? value, int maxLength, bool multiline = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (value is null)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Must be at most {maxLength} characters long; this is {value.Length}.");
        }
        if (IsXmlSafe(value) && !value.Any(c => IsRefusedControl(c, multiline)))
        {
            return null;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            var at = i + 1;
            if (char.IsSurrogate(c))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"Is not well-formed text: character {at} is half of a UTF-16 surrogate pair (U+{(int)c:X4}) without its other half.");
            }
            if (c is '\n' or '\r' or '\t' && !multiline)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"Must be a single line: character {at} is a {(c == '\t' ? "tab" : "line break")}.");
            }
            if (IsRefusedControl(c, multiline) || !XmlConvert.IsXmlChar(c))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"Contains a control character or non-character (U+{(int)c:X4}) at character {at}.");
            }
        }
        return null; // not reached: the fast check above found something the scan reports
    }

    /// <summary>
    /// True when every character of <paramref name="value"/> may appear in an XML 1.0 document: tab, line feed,
    /// carriage return, U+0020–U+D7FF, U+E000–U+FFFD, and well-formed surrogate pairs (U+10000–U+10FFFF). False for
    /// other C0 controls, lone surrogates, U+FFFE and U+FFFF, which <see cref="XmlWriter"/> refuses to write.
    /// </summary>
    public static bool IsXmlSafe(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (XmlConvert.IsXmlChar(c))
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], c))
            {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    private static bool IsRefusedControl(char c, bool multiline) =>
        char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t');
}
