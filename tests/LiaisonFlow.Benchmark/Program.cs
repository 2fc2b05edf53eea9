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

Console.WriteLine($"LSs     rows     query        index ms   scan ms   scan/index");
foreach (var size in sizes)
{
    var options = Options.Create(new LiaisonFlowOptions { StoragePrefix = $"bench{size}x{Environment.ProcessId}" });
    var names = new StorageNames(options);
    var clients = new StorageClients(new TableServiceClient(connection), new Azure.Storage.Blobs.BlobServiceClient(connection));
    var store = new LiaisonStore(clients, names);
    var index = new OutstandingIndex(clients, names, store);
    await LoadAsync(size, clients, names);

    var liaisons = await clients.TableAsync(names.Liaisons);
    var group = "itu-t-sg17";
    var byGroupIndex = await TimeAsync(async () => (await index.QueryAsync(new OutstandingQuery(GroupId: group))).Count);
    var byGroupScan = await TimeAsync(() => CountAsync(liaisons, TableClient.CreateQueryFilter($"RowKey eq {"addressee|" + group} and Purpose ne {nameof(Purpose.Information)}")));
    var dueBefore = asOf.AddDays(14);
    var dueIndex = await TimeAsync(async () => (await index.QueryAsync(new OutstandingQuery(DueBefore: dueBefore)))
        .Count(r => string.CompareOrdinal(r.DeadlineDate, asOf.ToString("yyyy-MM-dd")) >= 0 && string.CompareOrdinal(r.DeadlineDate, dueBefore.ToString("yyyy-MM-dd")) <= 0));
    var dueScan = await TimeAsync(() => CountDueByScanAsync(liaisons, asOf, dueBefore));
    Report(size, "one group", byGroupIndex, byGroupScan);
    Report(size, "due in 14 days", dueIndex, dueScan);

    await (await clients.TableAsync(names.Liaisons)).DeleteAsync();
    await (await clients.TableAsync(names.Outstanding)).DeleteAsync();
}

void Report(int size, string what, (double Ms, int Rows) index, (double Ms, int Rows) scan)
{
    if (index.Rows != scan.Rows) throw new InvalidOperationException($"{what}: the index found {index.Rows} rows, the scan {scan.Rows}.");
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

// The baseline reads whole rows, as the dashboard needs them (the index rows are whole rows too).
static async Task<int> CountAsync(TableClient table, string filter)
{
    var count = 0;
    await foreach (var _ in table.QueryAsync<TableEntity>(filter)) count++;
    return count;
}

// Without the index: read every addressee row and parse its deadline.
static async Task<int> CountDueByScanAsync(TableClient table, DateOnly from, DateOnly to)
{
    var count = 0;
    var filter = TableClient.CreateQueryFilter($"RowKey ge {"addressee|"} and RowKey lt {"addressee}"}");
    await foreach (var row in table.QueryAsync<TableEntity>(filter))
    {
        if (row.GetString("Purpose") == nameof(Purpose.Information)) continue;
        if (Deadline.TryParse(row.GetString("DeadlineRaw"), out var d, out _) && d.Date is { } date && date >= from && date <= to) count++;
    }
    return count;
}

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
