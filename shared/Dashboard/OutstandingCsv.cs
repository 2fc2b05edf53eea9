using System.Globalization;
using CsvHelper;

namespace LiaisonFlow.Dashboard;

/// <summary>The rows of an <see cref="OutstandingReport"/> as a CSV file for Excel.</summary>
public static class OutstandingCsv
{
    public static readonly string[] Header =
    [
        "LS number", "LS id", "Title", "Meeting", "Group", "Group name", "Purpose", "Deadline (as written)",
        "Deadline date", "Days left", "Overdue", "Last chaser (UTC)", "Reply status",
    ];

    static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        // Without a BOM Excel reads the file in the local code page and mangles non-ASCII names.
        WriteByteOrderMark = true,
        NewLine = "\r\n",
        FormatProvider = CultureInfo.InvariantCulture,
        // Only text fields are neutralised, by CsvFormulaGuard: days left is a number we format, so
        // "-3" stays a number a spreadsheet can sort and sum; CsvHelper's own injection option would
        // escape it too. The dates and booleans we format cannot start with a trigger character.
        Injection = CsvInjection.None,
    };

    /// <summary>UTF-8 with BOM, header row first.</summary>
    public static byte[] Write(OutstandingReport report)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            foreach (var r in report.Rows)
            {
                csv.WriteField(CsvFormulaGuard.Neutralise(r.Number));
                csv.WriteField(CsvFormulaGuard.Neutralise(r.LiaisonId));
                csv.WriteField(CsvFormulaGuard.Neutralise(r.Title));
                csv.WriteField(CsvFormulaGuard.Neutralise(r.MeetingId));
                csv.WriteField(CsvFormulaGuard.Neutralise(r.Group));
                csv.WriteField(CsvFormulaGuard.Neutralise(r.GroupName));
                csv.WriteField(CsvFormulaGuard.Neutralise(r.Purpose.ToString()));
                csv.WriteField(CsvFormulaGuard.Neutralise(r.DeadlineText));
                csv.WriteField(r.DeadlineDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.DaysLeft?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.Overdue ? "true" : "false");
                csv.WriteField(r.LastChaserAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(CsvFormulaGuard.Neutralise(r.ReplyStatus));
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }
}
