using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiaisonFlow.LifeCycleBenchmark;

/// <summary>
/// A fresh <see cref="LocalStack"/> with what a run needs of it: a Durable Task client over the
/// sidecar's gRPC port (as the host's own) and the engine trace, started before the run's first step.
/// </summary>
sealed class StackSession : IAsyncDisposable
{
    readonly GrpcChannel channel;

    StackSession(LocalStack stack, GrpcChannel channel, DurableTaskClient durable, EngineTrace trace)
    {
        Stack = stack;
        this.channel = channel;
        Durable = durable;
        Trace = trace;
    }

    public LocalStack Stack { get; }
    public DurableTaskClient Durable { get; }
    public EngineTrace Trace { get; }

    public static async Task<StackSession> StartAsync(string root, string name)
    {
        var stack = await LocalStack.StartAsync(root, name);
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{stack.SidecarPort}");
        var durable = new GrpcDurableTaskClient("lifecycle-bench", new GrpcDurableTaskClientOptions { Channel = channel }, NullLogger.Instance);
        return new StackSession(stack, channel, durable, EngineTrace.Start(stack.HostProcessId));
    }

    public async ValueTask DisposeAsync()
    {
        await Trace.DisposeAsync();
        await Durable.DisposeAsync();
        channel.Dispose();
        await Stack.DisposeAsync();
    }
}
