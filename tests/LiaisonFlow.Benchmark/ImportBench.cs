using System.Diagnostics;
using System.Globalization;
using LiaisonFlow.Import;
using LiaisonFlow.Storage.Metering;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonFlow.Benchmark;

/// <summary>
/// Meeting imports through the importer service, in-process (what POST /api/meetings/import runs, less
/// the HTTP and the engine: the orchestrations it nudges go to <see cref="NullDurableClient"/>). The
/// sizes are imported one after the other into one store, as meetings accumulate, so a cost that grows
/// with the store shows; then the largest file is imported again unchanged.
/// </summary>
static class ImportBench
{
    const int AddresseesPerLs = 5;
    static readonly string[] Groups = [.. new[] { 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20 }.Select(n => $"itu-t-sg{n}")];

    public sealed record Result(string Run, int Liaisons, int StoredBefore, double Seconds, long Requests, long EntitiesRead, long EntitiesWritten, string Outcomes)
    {
        public double PerSecond => Liaisons / Seconds;
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(string connection, IReadOnlyList<int> sizes)
    {
        await using var services = Services.Build(connection, $"imp{Environment.ProcessId}");
        var importer = services.GetRequiredService<MeetingImporter>();
        var counter = services.GetRequiredService<StorageRequestCounter>();
        await using var durable = new NullDurableClient();
        var results = new List<Result>();
        var stored = 0;
        MeetingImportFile? last = null;
        foreach (var size in sizes)
        {
            last = File($"bench-{size}", size);
            results.Add(await ImportAsync($"import {size}", last, stored));
            stored += size;
        }
        if (last is not null) results.Add(await ImportAsync($"re-import {last.Liaisons!.Count}", last, stored));
        return results;

        async Task<Result> ImportAsync(string run, MeetingImportFile file, int storedBefore)
        {
            var before = counter.Snapshot();
            var watch = Stopwatch.StartNew();
            var report = await importer.ImportAsync(file, "benchmark", durable);
            var seconds = watch.Elapsed.TotalSeconds;
            var cost = counter.Snapshot().Minus(before);
            var outcomes = string.Join(", ", report.Liaisons.GroupBy(l => l.Outcome).Select(g => $"{g.Count()} {g.Key}"));
            return new Result(run, file.Liaisons!.Count, storedBefore, seconds, cost.Requests, cost.EntitiesRead, cost.EntitiesWritten, outcomes);
        }
    }

    public static void Print(IReadOnlyList<Result> results)
    {
        Console.WriteLine("import           LSs  stored before  seconds   LS/s  requests/LS  read/LS  written/LS  outcomes");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Run,-15} {r.Liaisons,5} {r.StoredBefore,14} {r.Seconds,8:0.0} {r.PerSecond,6:0.0} {(double)r.Requests / r.Liaisons,12:0.0} {(double)r.EntitiesRead / r.Liaisons,8:0.0} {(double)r.EntitiesWritten / r.Liaisons,11:0.0}  {r.Outcomes}"));
    }

    /// <summary>A meeting's file of <paramref name="size"/> LSs sent to five groups each, numbered, awaiting replies (as TSAG's own data is).</summary>
    static MeetingImportFile File(string meetingId, int size) => new()
    {
        FormatVersion = 1,
        Meeting = new MeetingDto { Id = meetingId, Body = "TSAG", Title = $"Benchmark meeting of {size} LSs", StartDate = "2026-05-04", EndDate = "2026-05-08" },
        Groups = [.. Groups.Select(g => new GroupDto { Id = g, Name = g.ToUpperInvariant(), Email = $"{g}@example.org" })],
        Liaisons = [.. Enumerable.Range(1, size).Select(i => new LiaisonDto
        {
            Id = $"{meetingId}-ls{i:D4}",
            Number = $"TSAG-LS{i}",
            Title = $"Benchmark LS {i} of {meetingId}",
            State = "AwaitingReplies",
            EndorsedOn = "2026-05-08",
            DispatchedOn = "2026-05-11",
            Addressees = [.. Enumerable.Range(0, AddresseesPerLs).Select(k => new AddresseeDto
            {
                Group = Groups[(i + k) % Groups.Length],
                Purpose = k % 3 == 2 ? "Information" : "Action",
                Deadline = new DateOnly(2026, 9, 1).AddDays(i % 90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })],
        })],
    };
}
