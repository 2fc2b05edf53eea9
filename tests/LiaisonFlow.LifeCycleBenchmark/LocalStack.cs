using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LiaisonFlow.LifeCycleBenchmark;

/// <summary>
/// One fresh stack for a run: two in-memory Azurites — the task hub's account and LiaisonFlow's data
/// account, as deployed (infra-bicep) — and the local host (sidecar over DurableTask.AzureStorage, the
/// API and the worker) as child processes, with the app's storage request counter and the bare-engine
/// baseline switched on. Both runs of a size get a stack of their own, so neither starts on the other's rows;
/// the bare engine's stack has the data account too, and leaves it idle.
/// </summary>
sealed class LocalStack : IAsyncDisposable
{
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public const string TaskHub = "BenchHub";
    const string StoragePrefix = "bench";

    readonly Process taskHubAzurite;
    readonly Process dataAzurite;
    readonly Process host;
    readonly StreamWriter hostLog;

    LocalStack(Process taskHubAzurite, Process dataAzurite, Process host, StreamWriter hostLog, Uri baseAddress, int sidecarPort)
    {
        this.taskHubAzurite = taskHubAzurite;
        this.dataAzurite = dataAzurite;
        this.host = host;
        this.hostLog = hostLog;
        BaseAddress = baseAddress;
        SidecarPort = sidecarPort;
    }

    public Uri BaseAddress { get; }
    public int SidecarPort { get; }
    public int HostProcessId => host.Id;

    /// <summary>The app's tables are named with this prefix; reports leave it out.</summary>
    public static string TableName(string resource) => resource.StartsWith(StoragePrefix, StringComparison.Ordinal) ? resource[StoragePrefix.Length..] : resource;

    /// <summary>CPU time (user + system, from /proc/&lt;pid&gt;/stat) of the host and of each Azurite so far.</summary>
    public StackCpu Cpu() => new(CpuOf(host), CpuOf(taskHubAzurite), CpuOf(dataAzurite));

    static TimeSpan CpuOf(Process process)
    {
        // Fields 14 and 15 (utime, stime) in clock ticks; the command name (field 2) may hold spaces, so count from its ')'.
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    // USER_HZ: 100 on every Linux the project runs on (the kernel's ABI for /proc).
    const int ClockTicksPerSecond = 100;

    public static async Task<LocalStack> StartAsync(string root, string name)
    {
        var (taskHubAzurite, taskHub) = await StartAzuriteAsync(root);
        var (dataAzurite, data) = await StartAzuriteAsync(root);

        var httpPort = FreePort();
        var sidecarPort = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{httpPort}/");
        var dll = Path.Combine(root, "functions", "LiaisonFlow.LocalHost", "bin", "Release", "net10.0", "LiaisonFlow.LocalHost.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"Build the local host first (Release): {dll} is missing.");
        var logFolder = Path.Combine(root, "artifacts", "lifecycle-bench");
        Directory.CreateDirectory(logFolder);
        var log = new StreamWriter(Path.Combine(logFolder, $"host-{name}.log")) { AutoFlush = true };
        var host = Start("dotnet", Path.GetDirectoryName(dll)!, [dll], new Dictionary<string, string>
        {
            ["LIAISONFLOW_SETTINGS"] = Path.Combine(root, "local.settings.sample.json"),
            ["AzureWebJobsStorage"] = taskHub,
            ["LiaisonFlowStorage"] = data,
            ["LocalHost__Urls"] = baseAddress.ToString().TrimEnd('/'),
            ["LocalHost__SidecarPort"] = $"{sidecarPort}",
            ["LocalHost__TaskHub"] = TaskHub,
            ["LocalHost__WorkerId"] = "bench-" + name,
            ["LocalHost__EngineBaseline"] = "true",
            ["LiaisonFlow__StoragePrefix"] = StoragePrefix,
            ["LiaisonFlow__PublicBaseUrl"] = baseAddress.ToString().TrimEnd('/'),
            ["LiaisonFlow__CountStorageRequests"] = "true",
        }, log);
        var stack = new LocalStack(taskHubAzurite, dataAzurite, host, log, baseAddress, sidecarPort);
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (host.HasExited) throw new InvalidOperationException($"The local host exited (code {host.ExitCode}); see artifacts/lifecycle-bench/host-{name}.log.");
            try
            {
                if ((await probe.GetAsync("api/health")).IsSuccessStatusCode) return stack;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                await stack.DisposeAsync();
                throw new TimeoutException("The local host did not answer within 120 s.");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>An in-memory Azurite on free ports, and its connection string once it listens.</summary>
    static async Task<(Process Azurite, string Connection)> StartAzuriteAsync(string root)
    {
        var blobPort = FreePort();
        var queuePort = FreePort();
        var tablePort = FreePort();
        var azurite = Start(Path.Combine(root, "node_modules", ".bin", "azurite"), root,
            ["--silent", "--disableTelemetry", "--skipApiVersionCheck", "--inMemoryPersistence",
             "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
             "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}"], new Dictionary<string, string>(), null);
        foreach (var port in new[] { blobPort, queuePort, tablePort }) await WaitForPortAsync(port, azurite);
        return (azurite, $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");
    }

    static Process Start(string file, string workingDirectory, string[] arguments, Dictionary<string, string> environment, StreamWriter? log)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static async Task WaitForPortAsync(int port, Process owner)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (owner.HasExited) throw new InvalidOperationException($"Azurite exited (code {owner.ExitCode}).");
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // The host first, so the engine does not log the storage going away under it.
        foreach (var process in new[] { host, taskHubAzurite, dataAzurite })
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        await hostLog.DisposeAsync();
    }
}

/// <summary>CPU time of the stack's processes.</summary>
readonly record struct StackCpu(TimeSpan Host, TimeSpan TaskHubAzurite, TimeSpan DataAzurite)
{
    public static StackCpu operator -(StackCpu a, StackCpu b) => new(a.Host - b.Host, a.TaskHubAzurite - b.TaskHubAzurite, a.DataAzurite - b.DataAzurite);
    public TimeSpan Azurite => TaskHubAzurite + DataAzurite;
    public TimeSpan Total => Host + Azurite;
}
