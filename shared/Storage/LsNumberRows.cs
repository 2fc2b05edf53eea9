using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// The rows of the LS number registry: one partition per series ("tsag-2017-05|TSAG-LS") holding the counter
/// (the last number handed out), a row per number naming its LS and a row per LS naming its number.
/// </summary>
static class LsNumberRows
{
    public const string CounterRow = "counter";
    public static string NumberRow(int sequence) => $"n|{sequence:D6}";
    public static string LiaisonRow(string liaisonId) => $"ls|{liaisonId}";

    // "tsag-2017-05|TSAG-LS", "tsag-2017-05|ISO~IEC_JTC_1~SC_27-LS": the body's key has no '/', '\', '#', '?' or control characters.
    public static string Series(string meetingId, string body) => $"{meetingId}|{LsNumber.SeriesKey(body)}";

    /// <summary>
    /// The counter set to <paramref name="last"/>: added when the series has none yet (<paramref name="over"/> null),
    /// else replaced under the ETag it was read with, so a claim that wrote it since refuses the transaction.
    /// </summary>
    public static TableTransactionAction Counter(string series, int last, ETag? over)
    {
        var counter = new TableEntity(series, CounterRow) { ["Last"] = last };
        return over is { } etag ? new(TableTransactionActionType.UpdateReplace, counter, etag) : new(TableTransactionActionType.Add, counter);
    }

    /// <summary>The two rows of a number given to an LS, both added: either one there already refuses the transaction.</summary>
    public static IEnumerable<TableTransactionAction> Claim(string series, int sequence, string liaisonId) =>
    [
        new(TableTransactionActionType.Add, new TableEntity(series, NumberRow(sequence)) { ["LiaisonId"] = liaisonId }),
        new(TableTransactionActionType.Add, new TableEntity(series, LiaisonRow(liaisonId)) { ["Sequence"] = sequence }),
    ];
}
