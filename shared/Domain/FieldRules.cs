namespace LiaisonFlow.Domain;

// Placeholder until the domain-hardening branch lands (it replaces this file).
public static class FieldRules
{
    public const int MaxReasonLength = 2000;
    public const int MaxNoteLength = 4000;
    public const int MaxReferenceLength = 100;
    public const int MaxNameLength = 200;
    public const int MaxTitleLength = 500;
    public const int MaxSubjectLength = 2000;
    public const int MaxNotesLength = 4000;
    public const int MaxAddressees = 60;

    public static string? TextProblem(string? value, int maxLength, bool multiline = false)
    {
        if (value is null) return null;
        if (value.Length > maxLength) return $"At most {maxLength} characters.";
        if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))) return "No control characters.";
        return null;
    }
}
