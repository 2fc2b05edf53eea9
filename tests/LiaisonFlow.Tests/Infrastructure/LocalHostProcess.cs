using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>
/// The real local host (functions/LiaisonFlow.LocalHost) as a child process against the test Azurite,
/// so a test can kill it mid-flight and start it again, as a crash would.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    readonly AzuriteFixture azurite;
    readonly Dictionary<string, string> settings;
    readonly ConcurrentQueue<string> output = new();
    Process? process;

    public LocalHostProcess(AzuriteFixture azurite, string name, IDictionary<string, string>? extraSettings = null)
    {
        this.azurite = azurite;
        Port = FreePort.Next();
        var unique = name + Guid.NewGuid().ToString("N")[..6];
        logName = unique;
        settings = new Dictionary<string, string>
        {
            ["LIAISONFLOW_SETTINGS"] = RepoPaths.SampleSettings,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["LocalHost__Urls"] = BaseAddress.ToString().TrimEnd('/'),
            ["LocalHost__SidecarPort"] = FreePort.Next().ToString(),
            ["LocalHost__TaskHub"] = "hub" + unique,
            ["LocalHost__WorkerId"] = "worker-" + unique,
            ["LiaisonFlow__StoragePrefix"] = "t" + unique,
            ["LiaisonFlow__PublicBaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>()) settings[key] = value;
    }

    public int Port { get; private set; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public string Output => string.Join(Environment.NewLine, output);

    /// <summary>The log of every start of this host, oldest first.</summary>
    public string AllOutput => string.Join(Environment.NewLine, earlier.Append(Output));

    readonly List<string> earlier = [];
    readonly string logName;

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task StartAsync()
    {
        // A free port can be taken by someone else between asking and binding: then take new ones.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync();
                return;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                Port = FreePort.Next();
                settings["LocalHost__Urls"] = BaseAddress.ToString().TrimEnd('/');
                settings["LiaisonFlow__PublicBaseUrl"] = BaseAddress.ToString().TrimEnd('/');
                settings["LocalHost__SidecarPort"] = FreePort.Next().ToString();
            }
        }
    }

    sealed class PortTakenException(string message) : Exception(message);

    async Task StartOnceAsync()
    {
        if (!output.IsEmpty) earlier.Add(string.Join(Environment.NewLine, output) + Environment.NewLine + "--- restart ---");
        output.Clear();
        if (!File.Exists(RepoPaths.LocalHostDll)) throw new InvalidOperationException($"Build the local host first: {RepoPaths.LocalHostDll} is missing.");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { RepoPaths.LocalHostDll },
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.LocalHostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = Client(null);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                var log = Output;
                process.Dispose();
                process = null;
                if (log.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) throw new PortTakenException(log);
                throw new InvalidOperationException($"The local host exited:\n{log}");
            }
            try
            {
                if ((await probe.GetAsync("api/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The local host did not answer within 90 s:\n{Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>Sets (or, with null, removes) a setting for the next start.</summary>
    public void Set(string key, string? value)
    {
        if (value is null) settings.Remove(key);
        else settings[key] = value;
    }

    /// <summary>True while the host process runs.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>Waits for the process to end on its own (a fault point killing it); false if it is still running at the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        if (process is null) return true;
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        process.Dispose();
        process = null;
        return true;
    }

    /// <summary>Kills the process outright (SIGKILL), as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    /// <summary>Stops the host and keeps its log, every start of it, in artifacts/host-logs/ (CI keeps artifacts/), for a test that failed.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        var folder = Path.Combine(RepoPaths.Root, "artifacts", "host-logs");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, logName + ".log"), AllOutput);
    }
}
