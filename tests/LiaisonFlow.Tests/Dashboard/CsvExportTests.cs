using CsvHelper;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Dashboard;

/// <summary>The CSV export's formula guard and layout, read back with CsvHelper.</summary>
public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("LS on open source", "LS on open source")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Text_that_a_spreadsheet_would_run_gets_a_leading_quote(string? text, string expected) =>
        Assert.Equal(expected, CsvFormulaGuard.Neutralise(text));

    [Fact]
    public void Text_fields_are_neutralised_but_days_left_stays_a_number()
    {
        var row = new OutstandingRow("ls-x", "TSAG-LS9", "=cmd|' /C calc'!A0", "tsag-2017-05", "itu-t-sg17", "ITU-T SG17 — Sécurité",
            Purpose.Action, "-before 12 March 2018", new DateOnly(2018, 3, 12), -3, true,
            new DateTimeOffset(2018, 3, 1, 8, 30, 0, TimeSpan.FromHours(1)), "Outstanding");
        var report = new OutstandingReport(new DateOnly(2018, 3, 15), new OutstandingSummary(1, 1, 1, 0), [row], [], []);

        var bytes = OutstandingCsv.Write(report);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var (header, rows) = ExportCsv.Parse(bytes);
        Assert.Equal(OutstandingCsv.Header, header);
        var cells = Assert.Single(rows);
        Assert.Equal("'=cmd|' /C calc'!A0", cells[2]);
        Assert.Equal("ITU-T SG17 — Sécurité", cells[5]);
        Assert.Equal("'-before 12 March 2018", cells[7]);
        Assert.Equal("2018-03-12", cells[8]);
        Assert.Equal("-3", cells[9]);
        Assert.Equal("true", cells[10]);
        Assert.Equal("2018-03-01T07:30:00Z", cells[11]);
    }
}

/// <summary>Reads an export back with CsvHelper's reader.</summary>
static class ExportCsv
{
    public static (IReadOnlyList<string> Header, List<string[]> Rows) Parse(byte[] bytes)
    {
        using var csv = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        return ([.. csv.Headers], rows);
    }
}
