using System.Collections.Concurrent;
using Azure.Data.Tables;
using LiaisonFlow.Domain;
using static LiaisonFlow.Storage.LsNumberRows;

namespace LiaisonFlow.Storage;

public enum NumberReservation { Reserved, TakenByAnother, LiaisonHasAnother }

/// <summary>
/// Hands out LS numbers per meeting and series ("TSAG-LS" at tsag-2017-05): TSAG-LS8 follows
/// TSAG-LS7, and no number is given twice. One partition per series holds the counter, one row per
/// number and one row per LS; each
/// assignment writes all three in one transaction guarded by the counter's ETag, so a retried or
/// concurrent call either sees its own earlier assignment or loses the race and tries again. The next
/// numbers this process is asked for at once go in one transaction (<see cref="SeriesClaims"/>).
/// </summary>
public sealed class LsNumberRegistry(StorageClients clients, StorageNames names)
{
    readonly ConcurrentDictionary<string, SeriesClaims> claims = new(StringComparer.Ordinal);

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
        // No look for a number held first: the LS's row is added in the claim's transaction, so an LS
        // numbered already (a retry) fails it, and only then is its number looked up.
        var sequence = await claims.GetOrAdd(series, s => new SeriesClaims(s))
            .ClaimAsync(table, liaisonId, async id => (await FindAsync(meetingId, body, id))?.Sequence)
            .WaitAsync(ct);
        return new LsNumber(body, sequence);
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
            var actions = ClaimWithCounter(series, number.Sequence, liaisonId, counter.HasValue ? counter.Value : null, keepCounterAt: Math.Max(last, number.Sequence));
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
                        List<TableTransactionAction> actions = [Counter(series, last, etag)];
                        foreach (var (sequence, liaisonId) in chunk) actions.AddRange(LsNumberRows.Claim(series, sequence, liaisonId));
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

    static List<TableTransactionAction> ClaimWithCounter(string series, int sequence, string liaisonId, TableEntity? counter, int keepCounterAt) =>
        [Counter(series, keepCounterAt, counter?.ETag), .. LsNumberRows.Claim(series, sequence, liaisonId)];
}
