namespace LiaisonFlow.Storage;

/// <summary>
/// What a document's file name may be. A name is one path segment inside its LS's folder: no
/// separators, no "." or "..", no characters that Table keys or URLs cannot carry.
/// </summary>
public static class DocumentNames
{
    public const int MaxLength = 200;

    public static string? Problem(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return "A file name is required.";
        if (fileName.Length > MaxLength) return $"A file name has at most {MaxLength} characters.";
        if (fileName is "." or "..") return "A file name cannot be \".\" or \"..\".";
        if (fileName.Trim() != fileName) return "A file name cannot start or end with a space.";
        if (fileName.EndsWith('.')) return "A file name cannot end with a dot.";
        foreach (var c in fileName)
        {
            if (c is '/' or '\\') return "A file name cannot contain a path separator.";
            if (c is '#' or '?' or '%' or ':' or '*' or '"' or '<' or '>' or '|') return $"A file name cannot contain '{c}'.";
            if (char.IsControl(c)) return "A file name cannot contain control characters.";
        }
        return null;
    }

    /// <summary>
    /// The name of the next revision of a document once the plenary agreed the LS: "TD102R1.docx" →
    /// "TD102R2.docx", "TD102.docx" → "TD102R1.docx", anything else "name-r2.ext", "name-r3.ext", …,
    /// skipping names already taken.
    /// </summary>
    public static string NextRevision(string fileName, IEnumerable<string> taken)
    {
        var names = taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var extension = Path.GetExtension(fileName);
        var stem = fileName[..^extension.Length];
        var td = System.Text.RegularExpressions.Regex.Match(stem, @"^(?<td>TD\s*[0-9]+)(?:\s*R(?<r>[0-9]{1,3}))?\z", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        for (var revision = td.Success && td.Groups["r"].Success ? int.Parse(td.Groups["r"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1 : td.Success ? 1 : 2; ; revision++)
        {
            var candidate = td.Success ? $"{td.Groups["td"].Value}R{revision}{extension}" : $"{stem}-r{revision}{extension}";
            if (!names.Contains(candidate) && candidate.Length <= MaxLength) return candidate;
            if (candidate.Length > MaxLength) throw new ArgumentException($"No revision name fits in {MaxLength} characters.", nameof(fileName));
        }
    }

    public static void EnsureValid(string fileName)
    {
        if (Problem(fileName) is { } problem) throw new ArgumentException(problem, nameof(fileName));
    }
}
