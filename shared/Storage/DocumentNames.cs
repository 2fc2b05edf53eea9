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

    public static void EnsureValid(string fileName)
    {
        if (Problem(fileName) is { } problem) throw new ArgumentException(problem, nameof(fileName));
    }
}
