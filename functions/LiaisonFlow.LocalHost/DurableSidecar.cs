using DurableTask.AzureStorage;
using DurableTask.Core;
using LiaisonFlow.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace LiaisonFlow.LocalHost;

/// <summary>
/// The Durable Task engine for the local host: the SDK's gRPC sidecar (TaskHubGrpcServer) over
/// DurableTask.AzureStorage — the provider Durable Functions uses in Azure — on Azurite, so
/// orchestration state survives a restart of the host, as it does in Azure.
/// </summary>
static class DurableSidecar
{
    public static async Task<WebApplication> StartAsync(IConfiguration configuration, int port, CancellationToken ct)
    {
        var storage = StorageConnection.ForTaskHub(configuration);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = configuration["LocalHost:TaskHub"] ?? "LiaisonFlowLocal",
            StorageAccountClientProvider = storage.ConnectionString is { } connection
                ? new StorageAccountClientProvider(connection)
                : new StorageAccountClientProvider(storage.BlobServiceUri!, storage.QueueServiceUri!, storage.TableServiceUri!, storage.TokenCredential()),
            // One control queue: one worker on one machine leases them all; partitions only pay when several
            // workers share the load (README "Performance", "The engine's settings").
            PartitionCount = configuration.GetValue("LocalHost:PartitionCount", 1),
            // Local and tests: poll often, and let a killed host's messages and lease come back in seconds.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            // A step cut off by a crash is taken up again this soon (its steps are idempotent, so a slow one run twice is harmless).
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(10),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
            LeaseInterval = TimeSpan.FromSeconds(10),
            LeaseRenewInterval = TimeSpan.FromSeconds(3),
            LeaseAcquireInterval = TimeSpan.FromSeconds(2),
            WorkerId = configuration["LocalHost:WorkerId"] ?? Environment.MachineName,
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new OneActivityPerTaskKey(service));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(ct);
        return app;
    }
}
