using System.Globalization;
using System.Text.RegularExpressions;

namespace LiaisonFlow.Tests.Domain;

/// <summary>
/// Theory data cannot carry lone surrogates: test discovery serialises it as UTF-8, turning them into U+FFFD.
/// Data spells such characters "{U+D800}" and the test decodes them.
/// </summary>
internal static partial class TestText
{
    public static string Decode(string text) =>
        Escape().Replace(text, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)).ToString());

    public static string? DecodeOrNull(string? text) => text is null ? null : Decode(text);

    [GeneratedRegex(@"\{U\+([0-9A-F]{4})\}")]
    private static partial Regex Escape();
}
