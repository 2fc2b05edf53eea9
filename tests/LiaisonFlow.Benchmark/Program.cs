using LiaisonFlow.Benchmark;

// Dashboard and import benchmarks on their own Azurite (./bench.sh starts one), with the app's storage
// requests counted. They report; nothing here asserts a timing.
//   dotnet run -c Release --project tests/LiaisonFlow.Benchmark -- [connection string] [dashboard sizes, e.g. 1000,10000] [import sizes, e.g. 150,500,1000]
// A size list of 0 skips that benchmark.

var connection = args.Length > 0 ? args[0] : "UseDevelopmentStorage=true";
int[] Sizes(int at, string fallback) => [.. (args.Length > at ? args[at] : fallback).Split(',').Select(int.Parse).Where(n => n > 0)];
var dashboardSizes = Sizes(1, "1000,10000");
var importSizes = Sizes(2, "150,500,1000");

if (importSizes.Length > 0) ImportBench.Print(await ImportBench.RunAsync(connection, importSizes));
var dashboard = new List<DashboardBench.Result>();
foreach (var size in dashboardSizes) dashboard.AddRange(await DashboardBench.RunAsync(connection, size));
if (dashboard.Count > 0) DashboardBench.Print(dashboard);
