using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace LiaisonFlow.Hosting;

/// <summary>
/// A storage account, read the way the Functions host reads "AzureWebJobsStorage": a connection string
/// locally ("UseDevelopmentStorage=true" for Azurite), or in Azure the identity-based form
/// {name}__blobServiceUri / __queueServiceUri / __tableServiceUri, with __credential "managedidentity"
/// and __clientId for a user-assigned identity. Two accounts are named: the task hub's
/// (<see cref="TaskHubSection"/>, the Functions host's own) and LiaisonFlow's data
/// (<see cref="DataSection"/>: the Liaisons table and its indexes, the TDs, the outbox, inbound mail).
/// The data falls back to the task hub's account when its own is not set, as locally and in the tests.
/// </summary>
public sealed record StorageConnection(
    string? ConnectionString, Uri? BlobServiceUri, Uri? QueueServiceUri, Uri? TableServiceUri, string? Credential, string? ClientId)
{
    /// <summary>The Durable task hub's account: the Functions host reads it, and the local host's engine.</summary>
    public const string TaskHubSection = "AzureWebJobsStorage";

    /// <summary>
    /// LiaisonFlow's own data, in an account of its own in Azure: the engine's queue polling and history traffic
    /// then never share an account's request rate with the app's, and the task hub can be reset without
    /// touching a record (README "Deployment").
    /// </summary>
    public const string DataSection = "LiaisonFlowStorage";

    /// <summary>The task hub's account.</summary>
    public static StorageConnection ForTaskHub(IConfiguration configuration) => From(configuration, TaskHubSection, queues: true);

    /// <summary>LiaisonFlow's data: its own account when <see cref="DataSection"/> is set, else the task hub's.</summary>
    public static StorageConnection ForData(IConfiguration configuration)
    {
        var data = configuration.GetSection(DataSection);
        var set = !string.IsNullOrWhiteSpace(data.Value) || data.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
        return set ? From(configuration, DataSection, queues: false) : From(configuration, TaskHubSection, queues: true);
    }

    /// <param name="queues">Whether the account's queues are used (the task hub's are; LiaisonFlow's data has none).</param>
    static StorageConnection From(IConfiguration configuration, string name, bool queues)
    {
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value)) return new(section.Value, null, null, null, null, null);
        Uri? Uri(string key) => section[key] is { Length: > 0 } v ? new Uri(v) : null;
        var blob = Uri("blobServiceUri");
        var table = Uri("tableServiceUri");
        if (blob is null || table is null)
            throw new InvalidOperationException($"Set {name} to a connection string, or {name}__blobServiceUri and __tableServiceUri (and __queueServiceUri for the task hub) for managed identity.");
        return new(null, blob, queues ? Uri("queueServiceUri") : null, table, section["credential"], section["clientId"]);
    }

    /// <summary>
    /// The identity the settings name: the managed identity when __credential is "managedidentity"
    /// (user-assigned when __clientId is set), else DefaultAzureCredential (e.g. a developer's az login
    /// against a real account).
    /// </summary>
    public TokenCredential TokenCredential()
    {
        var managed = string.Equals(Credential, "managedidentity", StringComparison.OrdinalIgnoreCase);
        return (managed, ClientId) switch
        {
            (_, { Length: > 0 } id) => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id)),
            (true, _) => new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
            _ => new DefaultAzureCredential(),
        };
    }
}
