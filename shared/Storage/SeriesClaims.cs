using Azure;
using Azure.Data.Tables;

namespace LiaisonFlow.Storage;

/// <summary>
/// The claims of a next number in one series (one meeting and body) waiting in this process, written
/// together: the LSs that asked while the last transaction was in flight go in the next one (the counter
/// and two rows per LS, up to 49 LSs), numbered in the order they asked. A plenary endorsing fifty LSs at
/// once costs a few transactions instead of fifty claims racing for one counter row, each losing most
/// races and reading the counter again.
/// <para>
/// The counter as this process's last transaction left it (value and ETag) is kept, so a claim reads
/// nothing when no other process has written the series since; when one has, the counter's ETag refuses
/// the transaction, the counter is read again and the same claims try again.
/// </para>
/// </summary>
sealed class SeriesClaims(string series)
{
    /// <summary>49 LSs: the counter and two rows each make 99 operations, under the 100 of a transaction.</summary>
    public const int MaxPerTransaction = 49;
    const int MaxAttempts = 50;

    readonly Lock gate = new();
    readonly List<Waiting> waiting = [];
    bool draining;
    // Only the draining task touches it.
    TableEntity? counterKnown;

    sealed record Waiting(string LiaisonId, TaskCompletionSource<int> Done);

    /// <summary>
    /// The sequence number given to the LS, once its claim's transaction is committed. <paramref name="heldBy"/>
    /// answers the number an LS holds already (a retry, or the command and the workflow's step numbering it at once).
    /// </summary>
    public Task<int> ClaimAsync(TableClient table, string liaisonId, Func<string, Task<int?>> heldBy)
    {
        var claim = new Waiting(liaisonId, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (gate)
        {
            waiting.Add(claim);
            start = !draining;
            draining = true;
        }
        // On its own task and with no caller's token: the batch it writes holds other callers' claims too.
        if (start) _ = Task.Run(() => DrainAsync(table, heldBy));
        return claim.Done.Task;
    }

    async Task DrainAsync(TableClient table, Func<string, Task<int?>> heldBy)
    {
        while (true)
        {
            List<List<Waiting>> batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    draining = false;
                    return;
                }
                // One claim per LS, in the order first asked; every waiter of that LS gets its number.
                batch = [.. waiting.GroupBy(w => w.LiaisonId, StringComparer.Ordinal).Take(MaxPerTransaction).Select(g => g.ToList())];
                foreach (var claim in batch.SelectMany(c => c)) waiting.Remove(claim);
            }
            try
            {
                await AssignAsync(table, batch, heldBy);
            }
            catch (Exception e)
            {
                counterKnown = null;
                foreach (var claim in batch.SelectMany(c => c)) claim.Done.TrySetException(e);
            }
        }
    }

    async Task<TableEntity?> ReadCounterAsync(TableClient table)
    {
        var counter = await table.GetEntityIfExistsAsync<TableEntity>(series, LsNumberRows.CounterRow);
        return counter.HasValue ? counter.Value : null;
    }

    async Task AssignAsync(TableClient table, List<List<Waiting>> open, Func<string, Task<int?>> heldBy)
    {
        for (var attempt = 1; open.Count > 0; attempt++)
        {
            var counter = counterKnown ?? await ReadCounterAsync(table);
            var first = (counter?.GetInt32("Last") ?? 0) + 1;
            var last = first + open.Count - 1;
            List<TableTransactionAction> actions = [LsNumberRows.Counter(series, last, counter?.ETag)];
            var newCounter = (TableEntity)actions[0].Entity;
            for (var i = 0; i < open.Count; i++)
                actions.AddRange(LsNumberRows.Claim(series, first + i, open[i][0].LiaisonId));
            try
            {
                var response = await table.SubmitTransactionAsync(actions);
                newCounter.ETag = response.Value[0].Headers.ETag ?? default;
                counterKnown = newCounter.ETag == default ? null : newCounter;
                for (var i = 0; i < open.Count; i++)
                    foreach (var claim in open[i]) claim.Done.TrySetResult(first + i);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                counterKnown = null;
                // Operation 0 is the counter: another process wrote the series; read it again. Operation
                // 2 + 2j is the j-th LS's row: that LS holds a number already, which is its answer. Any
                // other refusal (a number row there, the index not given) is looked into for every LS.
                var index = e.FailedTransactionActionIndex;
                var suspects = index is 0 ? [] : index is int k && k >= 2 && k % 2 == 0 ? [open[k / 2 - 1]] : open.ToList();
                foreach (var claims in suspects)
                {
                    if (await heldBy(claims[0].LiaisonId) is not { } held) continue;
                    foreach (var claim in claims) claim.Done.TrySetResult(held);
                    open.Remove(claims);
                }
                // Another process's claims won the counter: a moment's wait, so two hosts' batches do not keep
                // reading the counter together and losing again.
                if (index is 0) await Task.Delay(Random.Shared.Next(5, 10 * Math.Min(attempt, 10) + 10));
            }
        }
    }
}
