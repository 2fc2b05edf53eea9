using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiaisonFlow.LifeCycleBenchmark;
using LiaisonFlow.LocalHost;
using LiaisonFlow.Storage.Metering;

// Life-cycle benchmark against the bare engine. For each size N, on a fresh stack each (two in-memory
// Azurites, the task hub's account and LiaisonFlow's data account as deployed, + the local host): (a) N LiaisonFlow life cycles at once through the HTTP API; the engine
// work of one life cycle measured from the engine's own events (EngineTrace); (b) N bare
// orchestrations of that shape. Prints throughput, latency percentiles, host and Azurite CPU, the ratio a/b, the app's
// storage requests per life cycle, and checks that every LS closed and every mail went exactly once.
// Exits 1 when a check fails; timings are reported, never asserted.
//   dotnet tests/LiaisonFlow.LifeCycleBenchmark/bin/Release/net10.0/LiaisonFlow.LifeCycleBenchmark.dll [sizes, e.g. 100,1000] [--concurrency 32]

var sizes = (args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "100").Split(',').Select(int.Parse).ToArray();
var concurrency = Option("--concurrency", 32);
// Life cycles run on each stack before its measured run, and not counted (see WarmUpAsync). 50: the runtime promotes a
// method to optimized code after 30 calls, so after 20 the measured run still paid the JIT for what runs once per life cycle.
var warmUp = Option("--warm-up", 50);
var root = FindRoot();
var failed = false;
var summaries = new List<string>();
Console.WriteLine($"Life cycle against the bare engine: N = {string.Join(", ", sizes)}; {Environment.ProcessorCount} cores; client concurrency {concurrency}; warm-up {warmUp} life cycles per run");

foreach (var n in sizes)
{
    // Generous: a stuck LS is reported as such, not waited for without end.
    var timeout = TimeSpan.FromSeconds(300 + 3 * n);
    Console.WriteLine();
    Console.WriteLine($"== N = {n} ==");

    // (a) LiaisonFlow.
    RunFigures a;
    LifeCycleCheck check;
    StorageRequestCounts requests;
    EngineTrace.Instance[] measured;
    await using (var session = await StackSession.StartAsync(root, $"a-{n}"))
    {
        var lifeCycles = new LiaisonLifeCycles(session.Stack, session.Durable, concurrency);
        await lifeCycles.ImportMeetingAsync(root);
        WarmedUp("(a)", await lifeCycles.WarmUpAsync(warmUp, timeout));
        var before = await lifeCycles.StorageRequestsAsync();
        Console.WriteLine($"(a) {n} LiaisonFlow life cycles ...");
        a = await MeasureAsync("LiaisonFlow", n, session.Stack, clock => lifeCycles.RunAsync(n, clock, timeout));
        requests = (await lifeCycles.StorageRequestsAsync()).Minus(before);
        check = await lifeCycles.CheckAsync(n);
        measured = [.. await session.Trace.StopAsync(id => id.StartsWith("bench-ls", StringComparison.Ordinal))];
    }
    if (measured.Length == 0)
    {
        Console.WriteLine("No life cycle left a history: nothing to copy for the baseline.");
        failed = true;
        continue;
    }
    var shape = EngineTrace.Mean(measured);
    // Each bare orchestration copies one LS's measured shape, so (b) does the same engine work in sum, not a rounded mean of it.
    var shapes = measured.Select(m => m.Shape).ToArray();
    var activities = measured.Average(m => m.Shape.Activities);
    Console.WriteLine($"Engine work per life cycle (measured over {measured.Length} LSs): {EngineTrace.Describe(measured)}");
    Console.WriteLine($"Baseline shape: each bare orchestration copies one LS's ({EngineTrace.Describe(shape)} rounded)");

    // (b) The bare engine, same shape, same stack settings.
    RunFigures b;
    EngineTrace.Instance[] copied;
    await using (var session = await StackSession.StartAsync(root, $"b-{n}"))
    {
        var baseline = new BaselineLifeCycles(session.Durable, concurrency);
        WarmedUp("(b)", await baseline.WarmUpAsync(warmUp, shapes, timeout));
        Console.WriteLine($"(b) {n} bare orchestrations of that shape ...");
        b = await MeasureAsync("bare engine", n, session.Stack, clock => baseline.RunAsync(n, shapes, clock, timeout));
        copied = [.. await session.Trace.StopAsync(id => id.StartsWith("baseline", StringComparison.Ordinal))];
    }
    var copiedShape = copied.Length == 0 ? new BaselineShape(0, 0, 0, 0) : EngineTrace.Mean(copied);
    var same = copied.Length > 0 && EngineTrace.Describe(copied) == EngineTrace.Describe(measured);
    Console.WriteLine($"Engine work per bare orchestration (measured over {copied.Length}): {(copied.Length == 0 ? "none" : EngineTrace.Describe(copied))}{(same ? " — the same shape" : " — DIFFERS from the shapes given")}");

    Console.WriteLine();
    PrintRuns(a, b, activities, check.Sent);
    PrintRequests(requests, n);

    // Checks of run (a): none lost or stuck, every mail once.
    var problems = new List<string>();
    problems.AddRange(a.Stuck.Select(s => "not finished: " + s));
    problems.AddRange(check.NotClosed.Select(s => "not Closed: " + s));
    problems.AddRange(check.Duplicates.Select(s => "duplicate mail: " + s));
    problems.AddRange(check.Unsent.Select(s => "mail not sent: " + s));
    var dispatches = check.Mail.Where(m => m.Kind == "Dispatch").GroupBy(m => m.LiaisonId).ToDictionary(g => g.Key, g => g.Count());
    problems.AddRange(Enumerable.Range(1, n).Select(LiaisonLifeCycles.IdOf).Where(id => dispatches.GetValueOrDefault(id) != 5)
        .Select(id => $"dispatch mail lost: {id} has {dispatches.GetValueOrDefault(id)} of 5"));
    if (b.Stuck.Count > 0) problems.AddRange(b.Stuck.Select(s => "baseline not finished: " + s));
    Console.WriteLine();
    Console.WriteLine($"Checks (a): {n - check.NotClosed.Count} of {n} LSs Closed; {check.Sent} mails sent, {check.Duplicates.Count} duplicates, {check.Unsent.Count} unsent; " +
        $"mail kinds per LS: {string.Join(", ", check.Mail.GroupBy(m => m.Kind).Select(g => $"{g.Key} {g.Count() / (double)n:0.##}"))}");
    foreach (var problem in problems.Take(50)) Console.WriteLine("  FAILED " + problem);
    if (problems.Count > 50) Console.WriteLine($"  ... and {problems.Count - 50} more");
    Console.WriteLine(problems.Count == 0 ? "All checks passed." : $"{problems.Count} check(s) FAILED.");
    failed |= problems.Count > 0;

    summaries.Add(Summary(n, a, b, requests, problems.Count));
    await WriteFiguresAsync(root, n, a, b, activities, shape, copiedShape, requests, check, problems);
}

Console.WriteLine();
Console.WriteLine("| N | a LS/s | b LS/s | a/b | a p50 / p95 to Closed (s) | b p50 / p95 (s) | a host+Azurites CPU s/LS | b host+Azurites CPU s/LS | app requests/LS | checks |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var line in summaries) Console.WriteLine(line);
return failed ? 1 : 0;

void WarmedUp(string run, IReadOnlyList<LifeCycleTimes> times)
{
    if (times.Count == 0) return;
    var unfinished = times.Where(t => t.ToClosed is null).ToList();
    Console.WriteLine($"{run} warm-up: {times.Count - unfinished.Count} of {times.Count} life cycles finished (not measured)");
    foreach (var t in unfinished.Take(5)) Console.WriteLine($"  warm-up not finished: {t.Id} ({t.Failure})");
    // A warm-up that does not finish is a stack that does not work: the measured run would only say so later.
    if (unfinished.Count > 0) throw new InvalidOperationException($"{run}: {unfinished.Count} warm-up life cycle(s) did not finish.");
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task<RunFigures> MeasureAsync(string name, int n, LocalStack stack, Func<Stopwatch, Task<IReadOnlyList<LifeCycleTimes>>> run)
{
    var cpu0 = stack.Cpu();
    var clock = Stopwatch.StartNew();
    var times = await run(clock);
    var end = times.All(t => t.ToClosed is not null) ? times.Max(t => t.ToClosed!.Value) : clock.Elapsed;
    var cpu = stack.Cpu() - cpu0;
    return new RunFigures(name, n, end,
        [.. times.Where(t => t.ToAwaitingReplies is not null).Select(t => t.ToAwaitingReplies!.Value)],
        [.. times.Where(t => t.ToClosed is not null).Select(t => t.ToClosed!.Value)],
        cpu,
        [.. times.Where(t => t.ToClosed is null).Select(t => $"{t.Id} ({t.Failure})")]);
}

static void PrintRuns(RunFigures a, RunFigures b, double activitiesPerLifeCycle, int mailsSent)
{
    string S(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
    string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);
    Console.WriteLine("run            LS/s   activities/s  mails/s  to AwaitingReplies p50/p95/max s   to Closed p50/p95/max s   wall s  host CPU s  Azurite CPU s (task hub + data)");
    foreach (var r in new[] { a, b })
    {
        var mails = r == a ? F(mailsSent / r.Elapsed.TotalSeconds, "0.0") : "-";
        Console.WriteLine($"{r.Name,-13} {F(r.PerSecond),6} {F(r.PerSecond * activitiesPerLifeCycle, "0.0"),13} {mails,8}  " +
            $"{S(RunFigures.Percentile(r.ToAwaitingReplies, 50)),8} /{S(RunFigures.Percentile(r.ToAwaitingReplies, 95)),6} /{S(RunFigures.Percentile(r.ToAwaitingReplies, 100)),6}   " +
            $"{S(RunFigures.Percentile(r.ToClosed, 50)),10} /{S(RunFigures.Percentile(r.ToClosed, 95)),6} /{S(RunFigures.Percentile(r.ToClosed, 100)),6}  " +
            $"{S(r.Elapsed),7} {S(r.Cpu.Host),11} {S(r.Cpu.Azurite),14} ({S(r.Cpu.TaskHubAzurite)} + {S(r.Cpu.DataAzurite)})");
    }
    Console.WriteLine($"ratio a/b     throughput {F(a.PerSecond / b.PerSecond)}  (goal >= 0.70); p50 to Closed {F(Ratio(RunFigures.Percentile(a.ToClosed, 50), RunFigures.Percentile(b.ToClosed, 50)))}x; " +
        $"CPU per LS: host {F(Ratio(a.Cpu.Host, b.Cpu.Host))}x, Azurite {F(Ratio(a.Cpu.Azurite, b.Cpu.Azurite))}x, all {F(Ratio(a.Cpu.Total, b.Cpu.Total))}x");
    string PerLs(RunFigures r) => $"host {F(r.Cpu.Host.TotalMilliseconds / r.Count, "0")} ms, task hub's Azurite {F(r.Cpu.TaskHubAzurite.TotalMilliseconds / r.Count, "0")} ms, data's Azurite {F(r.Cpu.DataAzurite.TotalMilliseconds / r.Count, "0")} ms";
    Console.WriteLine($"CPU per LS    a: {PerLs(a)};  b: {PerLs(b)}");
}

static double Ratio(TimeSpan x, TimeSpan y) => y > TimeSpan.Zero ? x / y : double.NaN;

static void PrintRequests(StorageRequestCounts requests, int n)
{
    string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
    Console.WriteLine();
    Console.WriteLine($"App storage requests per life cycle (a): {F(requests.Requests / (double)n)} requests, {F(requests.EntitiesRead / (double)n)} entities read, {F(requests.EntitiesWritten / (double)n)} written");
    Console.WriteLine("service  table/container   operation      requests/LS  read/LS  written/LS");
    foreach (var o in requests.Operations.OrderByDescending(o => o.Requests))
        Console.WriteLine($"{o.Service,-8} {LocalStack.TableName(o.Resource),-17} {o.Operation,-14} {F(o.Requests / (double)n),11} {F(o.EntitiesRead / (double)n),8} {F(o.EntitiesWritten / (double)n),11}");
    foreach (var table in requests.Operations.GroupBy(o => LocalStack.TableName(o.Resource)).OrderByDescending(g => g.Sum(o => o.Requests)))
        Console.WriteLine($"  {table.Key,-24} {F(table.Sum(o => o.Requests) / (double)n),8} requests/LS");
}

static string Summary(int n, RunFigures a, RunFigures b, StorageRequestCounts requests, int problems)
{
    string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);
    string P(RunFigures r) => $"{F(RunFigures.Percentile(r.ToClosed, 50).TotalSeconds, "0.0")} / {F(RunFigures.Percentile(r.ToClosed, 95).TotalSeconds, "0.0")}";
    string C(RunFigures r) => F(r.Cpu.Total.TotalSeconds / r.Count, "0.000");
    return $"| {n} | {F(a.PerSecond)} | {F(b.PerSecond)} | {F(a.PerSecond / b.PerSecond)} | {P(a)} | {P(b)} | {C(a)} | {C(b)} | {F(requests.Requests / (double)n, "0.0")} | {(problems == 0 ? "passed" : $"{problems} failed")} |";
}

// Every figure of a size, as JSON, for comparing a run before and after a change.
static async Task WriteFiguresAsync(string root, int n, RunFigures a, RunFigures b, double activitiesPerLifeCycle, BaselineShape shape, BaselineShape copiedShape, StorageRequestCounts requests, LifeCycleCheck check, List<string> problems)
{
    object Run(RunFigures r) => new
    {
        lsPerSecond = r.PerSecond,
        activitiesPerSecond = r.PerSecond * activitiesPerLifeCycle,
        wallSeconds = r.Elapsed.TotalSeconds,
        toAwaitingReplies = Seconds(r.ToAwaitingReplies),
        toClosed = Seconds(r.ToClosed),
        hostCpuSeconds = r.Cpu.Host.TotalSeconds,
        taskHubAzuriteCpuSeconds = r.Cpu.TaskHubAzurite.TotalSeconds,
        dataAzuriteCpuSeconds = r.Cpu.DataAzurite.TotalSeconds,
        notFinished = r.Stuck,
    };
    object Seconds(IReadOnlyList<TimeSpan> values) => new
    {
        p50 = RunFigures.Percentile(values, 50).TotalSeconds,
        p95 = RunFigures.Percentile(values, 95).TotalSeconds,
        max = RunFigures.Percentile(values, 100).TotalSeconds,
    };
    var figures = new
    {
        n,
        date = DateTime.UtcNow,
        cores = Environment.ProcessorCount,
        shape,
        baselineShape = copiedShape,
        liaisonFlow = Run(a),
        bareEngine = Run(b),
        throughputRatio = a.PerSecond / b.PerSecond,
        mailsSent = check.Sent,
        mailsPerSecond = check.Sent / a.Elapsed.TotalSeconds,
        requestsPerLifeCycle = requests.Requests / (double)n,
        entitiesReadPerLifeCycle = requests.EntitiesRead / (double)n,
        entitiesWrittenPerLifeCycle = requests.EntitiesWritten / (double)n,
        requestsByOperation = requests.Operations.Select(o => new
        {
            o.Service, table = LocalStack.TableName(o.Resource), o.Operation,
            requestsPerLifeCycle = o.Requests / (double)n, entitiesReadPerLifeCycle = o.EntitiesRead / (double)n, entitiesWrittenPerLifeCycle = o.EntitiesWritten / (double)n,
        }),
        failedChecks = problems,
    };
    var path = Path.Combine(root, "artifacts", "lifecycle-bench", $"figures-{n}.json");
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"Figures written to {Path.GetRelativePath(root, path)}");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "LiaisonFlow.sln"))) return dir.FullName;
    throw new InvalidOperationException("LiaisonFlow.sln not found above " + AppContext.BaseDirectory);
}
