using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonFlow.Benchmark;

/// <summary>
/// The dashboard's three questions — what one group owes, what is due in the next 14 days, and what was
/// owed a year ago — asked the way the handler asks them, at a store size, with the entities and requests
/// each reads (from the storage request counter) next to the rows it returns, and the same question
/// answered by a scan of the Liaisons table (the baseline, and the check that the index is right).
/// </summary>
static class DashboardBench
{
    const int AddresseesPerLs = 10;
    const int Repeats = 5;
    static readonly string[] Groups = [.. new[] { 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20 }.Select(n => $"itu-t-sg{n}")];

    /// <summary>The benchmark's today: the LSs were sent before it, about two a working day, the oldest first.</summary>
    public static readonly DateOnly Today = new(2026, 11, 2);

    public sealed record Result(int Size, string Query, int Rows, long EntitiesRead, long Requests, double IndexMs, long ScanEntitiesRead, double ScanMs);

    public static async Task<IReadOnlyList<Result>> RunAsync(string connection, int size)
    {
        await using var services = Services.Build(connection, $"dash{size}x{Environment.ProcessId}");
        var clients = services.GetRequiredService<StorageClients>();
        var names = services.GetRequiredService<StorageNames>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var reader = services.GetRequiredService<OutstandingReader>();
        await LoadAsync(size, clients, names);

        var directory = new GroupDirectory([]);
        var questions = new (string Name, OutstandingFilter Filter)[]
        {
            ("one group", new OutstandingFilter(Today, GroupId: "itu-t-sg17")),
            ("due in 14 days", new OutstandingFilter(Today, DueBefore: Today.AddDays(14))),
            ("as of a year ago", new OutstandingFilter(Today.AddYears(-1))),
        };
        var liaisons = await clients.TableAsync(names.Liaisons);
        var results = new List<Result>();
        foreach (var (name, filter) in questions)
        {
            var before = counter.Snapshot();
            var report = await reader.ReadAsync(filter, directory, Today);
            var cost = counter.Snapshot().Minus(before);
            before = counter.Snapshot();
            var scanned = await ScanAsync(liaisons, filter, directory);
            var scanCost = counter.Snapshot().Minus(before);
            var found = Owed(report);
            if (!found.SetEquals(Owed(scanned)))
                throw new InvalidOperationException($"{name}: the index found {found.Count} replies owed, the scan {Owed(scanned).Count}.");
            var indexMs = await MedianMsAsync(() => reader.ReadAsync(filter, directory, Today));
            var scanMs = await MedianMsAsync(() => ScanAsync(liaisons, filter, directory));
            results.Add(new Result(size, name, found.Count, cost.EntitiesRead, cost.Requests, indexMs, scanCost.EntitiesRead, scanMs));
        }
        await liaisons.DeleteAsync();
        await (await clients.TableAsync(names.Outstanding)).DeleteAsync();
        return results;
    }

    public static void Print(IReadOnlyList<Result> results)
    {
        Console.WriteLine("LSs     query              rows  entities read  requests  read/rows  index ms  scan read  scan ms");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Size,-7} {r.Query,-16} {r.Rows,6} {r.EntitiesRead,14} {r.Requests,9} {(double)r.EntitiesRead / Math.Max(1, r.Rows),10:0.00} {r.IndexMs,9:0.0} {r.ScanEntitiesRead,10} {r.ScanMs,8:0.0}"));
    }

    static HashSet<(string, string)> Owed(OutstandingReport report) =>
        [.. report.Rows.Concat(report.WeOwe).Select(r => (r.LiaisonId, r.Group))];

    static async Task<double> MedianMsAsync(Func<Task<OutstandingReport>> query)
    {
        var times = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>
    /// The baseline: what the dashboard would do without the index — one scan of the Liaisons table for
    /// the LS records and their addressee rows, the owed replies worked out from them, the same report.
    /// </summary>
    static async Task<OutstandingReport> ScanAsync(TableClient table, OutstandingFilter filter, GroupDirectory directory)
    {
        var records = new List<LiaisonEntity>();
        await foreach (var row in table.QueryAsync<LiaisonEntity>(TableClient.CreateQueryFilter($"RowKey eq {LiaisonRows.Record}"))) records.Add(row);
        var addressees = new Dictionary<string, List<Addressee>>();
        var range = TableClient.CreateQueryFilter($"RowKey ge {LiaisonRows.AddresseePrefix} and RowKey lt {"addressee}"}");
        await foreach (var row in table.QueryAsync<AddresseeEntity>(range))
        {
            if (!addressees.TryGetValue(row.PartitionKey, out var list)) addressees[row.PartitionKey] = list = [];
            list.Add(row.ToDomain());
        }
        var index = records.SelectMany(r => OutstandingIndex.Rows(new LiaisonDetails(r.ToDomain(addressees.GetValueOrDefault(r.PartitionKey) ?? []), [], [], []), []));
        return OutstandingReport.From(index, filter, directory);
    }

    /// <summary>
    /// Loads <paramref name="size"/> sent LSs, about two a working day up to <see cref="Today"/> (1,000 span
    /// two years, 10,000 twenty), 10 addressees each, most replying 20 to 300 days after — so the store
    /// grows with its history while the replies owed on any one day stay about the same — and their
    /// Outstanding index rows as the index writes them.
    /// </summary>
    static async Task LoadAsync(int size, StorageClients clients, StorageNames names)
    {
        var watch = Stopwatch.StartNew();
        var liaisons = await clients.TableAsync(names.Liaisons);
        var outstanding = await clients.TableAsync(names.Outstanding);
        var random = new Random(size);
        var indexRows = new List<ITableEntity>();
        var pending = new List<Task>();
        for (var i = 0; i < size; i++)
        {
            var sentOn = Today.AddDays(-(int)((size - i) * 0.73) - 1);
            var deadline = sentOn.AddDays(random.Next(60, 120));
            var addressees = Enumerable.Range(0, AddresseesPerLs).Select(k =>
            {
                var a = Addressee.Create(k < Groups.Length ? Groups[(i + k) % Groups.Length] : $"group-{k}", k % 3 == 2 ? Purpose.Information : Purpose.Action, Deadline.OnDay(deadline));
                var repliedOn = sentOn.AddDays(random.Next(20, 300));
                // One reply in seven never comes: those stay owed for good.
                return a.Purpose.ExpectsReply() && random.Next(7) > 0 && repliedOn <= Today
                    ? a with { ReplyStatus = ReplyStatus.Received, RepliedOn = repliedOn, ReplyReference = $"R{i}-{k}" }
                    : a;
            }).ToList();
            var ls = new LiaisonStatement
            {
                Id = $"bench-{i:D6}", MeetingId = "bench", Number = new LsNumber("TSAG", i + 1), Title = $"Benchmark LS {i}", SourceBody = "TSAG",
                State = LiaisonState.AwaitingReplies, EndorsedOn = sentOn, DispatchedOn = sentOn, CreatedAt = DateTimeOffset.UtcNow,
                Addressees = addressees,
            };
            var batch = new List<TableTransactionAction> { new(TableTransactionActionType.Add, LiaisonEntity.From(ls)) };
            batch.AddRange(ls.Addressees.Select(a => new TableTransactionAction(TableTransactionActionType.Add, AddresseeEntity.From(ls.Id, a))));
            pending.Add(liaisons.SubmitTransactionAsync(batch));
            indexRows.AddRange(OutstandingIndex.Rows(new LiaisonDetails(ls, [], [], []), []));
            if (pending.Count >= 16) { await Task.WhenAll(pending); pending.Clear(); }
        }
        await Task.WhenAll(pending);
        pending.Clear();
        foreach (var partition in indexRows.GroupBy(r => r.PartitionKey))
            foreach (var chunk in partition.Chunk(100))
            {
                pending.Add(outstanding.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))));
                if (pending.Count >= 8) { await Task.WhenAll(pending); pending.Clear(); }
            }
        await Task.WhenAll(pending);
        foreach (var chunk in OutstandingIndex.MonthRows(indexRows.OfType<OutstandingEntity>()).Chunk(100))
            await outstanding.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
        Console.Error.WriteLine($"loaded {size} LSs ({size * AddresseesPerLs} addressee rows, {indexRows.Count} index rows) in {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
