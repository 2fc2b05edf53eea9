namespace LiaisonFlow.Dashboard;

/// <summary>
/// Keeps spreadsheet apps from running a cell as a formula (OWASP "CSV injection"): text that starts
/// with = + - @ tab or CR gets a leading single quote, which Excel and LibreOffice show as text.
/// </summary>
public static class CsvFormulaGuard
{
    static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    public static string Neutralise(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Array.IndexOf(Triggers, text[0]) >= 0 ? "'" + text : text;
}
