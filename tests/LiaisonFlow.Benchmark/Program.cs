using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Microsoft.Extensions.Options;

// Dashboard query benchmark: loads N liaison statements (10 addressee rows each) into Table storage
// with their Outstanding index rows, then times, in the same run, the two dashboard questions —
// "what does one group owe" and "what is due in the next 14 days" — through the index and through a
// scan of the Liaisons table (the baseline: what answering them would cost without the index).
//   dotnet run -c Release --project tests/LiaisonFlow.Benchmark -- [connection string] [sizes, e.g. 1000,10000]

var connection = args.Length > 0 ? args[0] : "UseDevelopmentStorage=true";
var sizes = (args.Length > 1 ? args[1] : "1000,10000").Split(',').Select(int.Parse).ToArray();
const int AddresseesPerLs = 10;
const int Repeats = 5;
string[] groups = [.. new[] { 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20 }.Select(n => $"itu-t-sg{n}")];
var asOf = new DateOnly(2018, 3, 1);

var results = new List<(int Size, string What, double IndexMs, double ScanMs)>();
Console.WriteLine($"LSs     rows     query        index ms   scan ms   scan/index");
foreach (var size in sizes)
{
    var options = Options.Create(new LiaisonFlowOptions { StoragePrefix = $"bench{size}x{Environment.ProcessId}" });
    var names = new StorageNames(options);
    var clients = new StorageClients(new TableServiceClient(connection), new Azure.Storage.Blobs.BlobServiceClient(connection));
    var index = new OutstandingIndex(clients, names);
    await LoadAsync(size, clients, names);

    var liaisons = await clients.TableAsync(names.Liaisons);
    var group = "itu-t-sg17";
    var byGroupIndex = await TimeAsync(async () => (await index.QueryAsync(new OutstandingQuery(GroupId: group))).Count);
    var byGroupScan = await TimeAsync(() => CountByScanAsync(liaisons,
        TableClient.CreateQueryFilter($"RowKey eq {"addressee|" + group} and Purpose ne {nameof(Purpose.Information)}"), _ => true));
    var dueBefore = asOf.AddDays(14);
    var dueIndex = await TimeAsync(async () => (await index.QueryAsync(new OutstandingQuery(DueBefore: dueBefore)))
        .Count(r => string.CompareOrdinal(r.DeadlineDate, asOf.ToString("yyyy-MM-dd")) >= 0 && string.CompareOrdinal(r.DeadlineDate, dueBefore.ToString("yyyy-MM-dd")) <= 0));
    var dueScan = await TimeAsync(() => CountByScanAsync(liaisons,
        TableClient.CreateQueryFilter($"RowKey ge {"addressee|"} and RowKey lt {"addressee}"}"), row => DueBetween(row, asOf, dueBefore)));
    Report(size, "one group", byGroupIndex, byGroupScan);
    Report(size, "due in 14 days", dueIndex, dueScan);

    await (await clients.TableAsync(names.Liaisons)).DeleteAsync();
    await (await clients.TableAsync(names.Outstanding)).DeleteAsync();
}

// Growth from the smallest size to the largest: the index should grow with the rows it returns,
// the scan with the whole table.
if (sizes.Length > 1)
{
    Console.WriteLine($"growth {sizes.Min()} -> {sizes.Max()} LSs    index     scan");
    foreach (var what in results.Select(r => r.What).Distinct())
    {
        var small = results.First(r => r.What == what && r.Size == sizes.Min());
        var large = results.First(r => r.What == what && r.Size == sizes.Max());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-22} {large.IndexMs / small.IndexMs,7:0.0}x {large.ScanMs / small.ScanMs,7:0.0}x"));
    }
}

void Report(int size, string what, (double Ms, int Rows) index, (double Ms, int Rows) scan)
{
    if (index.Rows != scan.Rows) throw new InvalidOperationException($"{what}: the index found {index.Rows} rows, the scan {scan.Rows}.");
    results.Add((size, what, index.Ms, scan.Ms));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,-7} {index.Rows,-8} {what,-12} {index.Ms,9:0.0} {scan.Ms,9:0.0} {scan.Ms / index.Ms,10:0.0}x"));
}

// Median of several runs after one warm-up, and the row count it found (index and scan must agree).
static async Task<(double Ms, int Rows)> TimeAsync(Func<Task<int>> query)
{
    var rows = await query();
    var times = new List<double>();
    for (var i = 0; i < Repeats; i++)
    {
        var watch = Stopwatch.StartNew();
        rows = await query();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    return (times.Order().ElementAt(times.Count / 2), rows);
}

// The baseline is what the dashboard would have to do without the index: one scan of the Liaisons
// table for the addressee rows that match and the LS rows (number, title, state live there, not on the
// addressee row), joined in memory. Both sides return whole rows, as the dashboard needs them.
static async Task<int> CountByScanAsync(TableClient table, string addresseeFilter, Func<TableEntity, bool> keep)
{
    var liaisons = new HashSet<string>();
    var owed = new List<string>();
    var filter = $"({addresseeFilter}) or {TableClient.CreateQueryFilter($"RowKey eq {LiaisonRows.Record}")}";
    await foreach (var row in table.QueryAsync<TableEntity>(filter))
    {
        if (row.RowKey == LiaisonRows.Record) liaisons.Add(row.PartitionKey);
        else if (keep(row)) owed.Add(row.PartitionKey);
    }
    return owed.Count(liaisons.Contains);
}

static bool DueBetween(TableEntity row, DateOnly from, DateOnly to) =>
    row.GetString("Purpose") != nameof(Purpose.Information)
    && Deadline.TryParse(row.GetString("DeadlineRaw"), out var d, out _) && d.Date is { } date && date >= from && date <= to;

async Task LoadAsync(int size, StorageClients clients, StorageNames names)
{
    var watch = Stopwatch.StartNew();
    var liaisons = await clients.TableAsync(names.Liaisons);
    var outstanding = await clients.TableAsync(names.Outstanding);
    var random = new Random(size);
    var indexRows = new List<OutstandingEntity>();
    var pending = new List<Task>();
    for (var i = 0; i < size; i++)
    {
        var deadline = new DateOnly(2018, 1, 1).AddDays(random.Next(0, 365));
        var ls = new LiaisonStatement
        {
            Id = $"bench-{i:D6}", MeetingId = "bench", Number = new LsNumber("TSAG", i + 1), Title = $"Benchmark LS {i}", SourceBody = "TSAG",
            State = LiaisonState.AwaitingReplies, EndorsedOn = new DateOnly(2017, 5, 4), CreatedAt = DateTimeOffset.UtcNow,
            Addressees = [.. Enumerable.Range(0, AddresseesPerLs).Select(k => Addressee.Create(
                k < groups.Length ? groups[(i + k) % groups.Length] : $"group-{k}", k % 3 == 2 ? Purpose.Information : Purpose.Action,
                Deadline.OnDay(deadline)))],
        };
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.Add, LiaisonEntity.From(ls)) };
        batch.AddRange(ls.Addressees.Select(a => new TableTransactionAction(TableTransactionActionType.Add, AddresseeEntity.From(ls.Id, a))));
        pending.Add(liaisons.SubmitTransactionAsync(batch));
        indexRows.AddRange(OutstandingIndex.Rows(new LiaisonDetails(ls, [], [], []), []));
        if (pending.Count >= 16) { await Task.WhenAll(pending); pending.Clear(); }
    }
    await Task.WhenAll(pending);
    foreach (var partition in indexRows.GroupBy(r => r.PartitionKey))
        foreach (var chunk in partition.Chunk(100))
            await outstanding.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
    Console.Error.WriteLine($"loaded {size} LSs ({size * AddresseesPerLs} addressee rows, {indexRows.Count} index rows) in {watch.Elapsed.TotalSeconds:0.0} s");
}
