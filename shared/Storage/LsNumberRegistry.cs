using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

public enum NumberReservation { Reserved, TakenByAnother, LiaisonHasAnother }

/// <summary>
/// Hands out LS numbers per meeting and series ("TSAG-LS" at tsag-2017-05): TSAG-LS8 follows
/// TSAG-LS7, and no number is given twice. One partition per series holds the counter, one row per
/// number and one row per LS; each
/// assignment writes all three in one transaction guarded by the counter's ETag, so a retried or
/// concurrent call either sees its own earlier assignment or loses the race and tries again.
/// </summary>
public sealed class LsNumberRegistry(StorageClients clients, StorageNames names)
{
    const string CounterRow = "counter";
    static string NumberRow(int sequence) => $"n|{sequence:D6}";
    static string LiaisonRow(string liaisonId) => $"ls|{liaisonId}";

    /// <summary>The number already held by an LS, if any.</summary>
    public async Task<LsNumber?> FindAsync(string meetingId, string body, string liaisonId, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.LsNumbers);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Series(meetingId, body), LiaisonRow(liaisonId), cancellationToken: ct);
        return row.HasValue ? new LsNumber(body, row.Value!.GetInt32("Sequence")!.Value) : null;
    }

    /// <summary>Who holds a number, if anyone.</summary>
    public async Task<string?> OwnerAsync(string meetingId, LsNumber number, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.LsNumbers);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Series(meetingId, number.Body), NumberRow(number.Sequence), cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString("LiaisonId") : null;
    }

    /// <summary>Every number of a series handed out, with the LS it went to (the consistency check's view of the registry).</summary>
    public async Task<IReadOnlyList<(int Sequence, string LiaisonId)>> HeldAsync(string meetingId, string body, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.LsNumbers);
        var held = new List<(int, string)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Series(meetingId, body)} and RowKey ge {"n|"} and RowKey lt {"n}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            held.Add((int.Parse(row.RowKey[2..], System.Globalization.CultureInfo.InvariantCulture), row.GetString("LiaisonId")));
        return held;
    }

    /// <summary>The LS's number: the one it already holds, else the next in its body's series.</summary>
    public async Task<LsNumber> AssignNextAsync(string meetingId, string body, string liaisonId, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.LsNumbers);
        var series = Series(meetingId, body);
        for (var attempt = 1; ; attempt++)
        {
            // No look for a number held first: the LS's row is added in the same transaction, so an LS
            // numbered already (a retry) fails it, and only then is its number looked up.
            var counter = await table.GetEntityIfExistsAsync<TableEntity>(series, CounterRow, cancellationToken: ct);
            var next = (counter.HasValue ? counter.Value!.GetInt32("Last") ?? 0 : 0) + 1;
            var actions = Claim(series, next, liaisonId, counter.HasValue ? counter.Value : null);
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                return new LsNumber(body, next);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
            {
                if (await FindAsync(meetingId, body, liaisonId, ct) is { } held) return held;
                // Another assignment won the race: a moment's wait, so a plenary's worth of endorsements
                // at once do not all read the counter again together and lose again.
                await Task.Delay(Random.Shared.Next(5, 10 * Math.Min(attempt, 10) + 10), ct);
            }
        }
    }

    /// <summary>Reserves a number given by the plenary or an import.</summary>
    public async Task<NumberReservation> ReserveAsync(string meetingId, LsNumber number, string liaisonId, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.LsNumbers);
        var series = Series(meetingId, number.Body);
        for (var attempt = 0; ; attempt++)
        {
            if (await FindAsync(meetingId, number.Body, liaisonId, ct) is { } held)
                return held == number ? NumberReservation.Reserved : NumberReservation.LiaisonHasAnother;
            var owner = await OwnerAsync(meetingId, number, ct);
            if (owner is not null) return owner == liaisonId ? NumberReservation.Reserved : NumberReservation.TakenByAnother;

            var counter = await table.GetEntityIfExistsAsync<TableEntity>(series, CounterRow, cancellationToken: ct);
            var last = counter.HasValue ? counter.Value!.GetInt32("Last") ?? 0 : 0;
            var actions = Claim(series, number.Sequence, liaisonId, counter.HasValue ? counter.Value : null, keepCounterAt: Math.Max(last, number.Sequence));
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                return NumberReservation.Reserved;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
            {
            }
        }
    }

    /// <summary>
    /// Reserves the numbers an import gives its LSs: per series, one read of the series and then
    /// transactions of up to 49 numbers (the counter and two rows each, guarded by the counter's ETag), not
    /// four requests an LS. Answers what <see cref="ReserveAsync"/> would, in the order asked.
    /// </summary>
    public async Task<IReadOnlyList<NumberReservation>> ReserveAllAsync(string meetingId, IReadOnlyList<(LsNumber Number, string LiaisonId)> wanted, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.LsNumbers);
        var answers = new NumberReservation[wanted.Count];
        foreach (var body in wanted.Select((w, i) => (w, i)).GroupBy(x => x.w.Number.Body, StringComparer.Ordinal))
        {
            var series = Series(meetingId, body.Key);
            for (var attempt = 0; ; attempt++)
            {
                TableEntity? counter = null;
                var owners = new Dictionary<int, string>();
                var held = new Dictionary<string, int>(StringComparer.Ordinal);
                await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {series}"), cancellationToken: ct))
                {
                    if (row.RowKey == CounterRow) counter = row;
                    else if (row.RowKey.StartsWith("n|", StringComparison.Ordinal)) owners[int.Parse(row.RowKey[2..], System.Globalization.CultureInfo.InvariantCulture)] = row.GetString("LiaisonId");
                    else if (row.RowKey.StartsWith("ls|", StringComparison.Ordinal)) held[row.RowKey[3..]] = row.GetInt32("Sequence") ?? 0;
                }
                var claims = new List<(int Sequence, string LiaisonId)>();
                foreach (var ((number, liaisonId), i) in body)
                {
                    answers[i] = held.TryGetValue(liaisonId, out var sequence) ? (sequence == number.Sequence ? NumberReservation.Reserved : NumberReservation.LiaisonHasAnother)
                        : owners.TryGetValue(number.Sequence, out var owner) ? (owner == liaisonId ? NumberReservation.Reserved : NumberReservation.TakenByAnother)
                        : NumberReservation.Reserved;
                    if (!held.ContainsKey(liaisonId) && !owners.ContainsKey(number.Sequence)) claims.Add((number.Sequence, liaisonId));
                }
                try
                {
                    var last = counter?.GetInt32("Last") ?? 0;
                    var etag = counter?.ETag;
                    foreach (var chunk in claims.Chunk(49))
                    {
                        last = Math.Max(last, chunk.Max(c => c.Sequence));
                        var newCounter = new TableEntity(series, CounterRow) { ["Last"] = last };
                        List<TableTransactionAction> actions = [etag is { } e ? new(TableTransactionActionType.UpdateReplace, newCounter, e) : new(TableTransactionActionType.Add, newCounter)];
                        foreach (var (sequence, liaisonId) in chunk)
                        {
                            actions.Add(new(TableTransactionActionType.Add, new TableEntity(series, NumberRow(sequence)) { ["LiaisonId"] = liaisonId }));
                            actions.Add(new(TableTransactionActionType.Add, new TableEntity(series, LiaisonRow(liaisonId)) { ["Sequence"] = sequence }));
                        }
                        var response = await table.SubmitTransactionAsync(actions, ct);
                        etag = response.Value[0].Headers.ETag;
                    }
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
                {
                    // Another assignment won the race (or a chunk of ours did before a crash): read the series again.
                }
            }
        }
        return answers;
    }

    static List<TableTransactionAction> Claim(string series, int sequence, string liaisonId, TableEntity? counter, int? keepCounterAt = null)
    {
        var newCounter = new TableEntity(series, CounterRow) { ["Last"] = keepCounterAt ?? sequence };
        return
        [
            counter is null
                ? new(TableTransactionActionType.Add, newCounter)
                : new(TableTransactionActionType.UpdateReplace, newCounter, counter.ETag),
            new(TableTransactionActionType.Add, new TableEntity(series, NumberRow(sequence)) { ["LiaisonId"] = liaisonId }),
            new(TableTransactionActionType.Add, new TableEntity(series, LiaisonRow(liaisonId)) { ["Sequence"] = sequence }),
        ];
    }

    // "tsag-2017-05|TSAG-LS", "tsag-2017-05|ISO~IEC_JTC_1~SC_27-LS": the body's key has no '/', '\', '#', '?' or control characters.
    static string Series(string meetingId, string body) => $"{meetingId}|{LsNumber.SeriesKey(body)}";
}
