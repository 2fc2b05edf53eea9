using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace LiaisonFlow.Hosting;

/// <summary>
/// The storage account, read the way the Functions host reads "AzureWebJobsStorage": a connection
/// string locally ("UseDevelopmentStorage=true" for Azurite), or in Azure the identity-based form
/// AzureWebJobsStorage__blobServiceUri / __queueServiceUri / __tableServiceUri, with __credential
/// "managedidentity" and __clientId for a user-assigned identity. LiaisonFlow's data lives in the same
/// account as the task hub.
/// </summary>
public sealed record StorageConnection(
    string? ConnectionString, Uri? BlobServiceUri, Uri? QueueServiceUri, Uri? TableServiceUri, string? Credential, string? ClientId)
{
    public const string Section = "AzureWebJobsStorage";

    public static StorageConnection From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!string.IsNullOrWhiteSpace(section.Value)) return new(section.Value, null, null, null, null, null);
        Uri? Uri(string key) => section[key] is { Length: > 0 } v ? new Uri(v) : null;
        var blob = Uri("blobServiceUri");
        var table = Uri("tableServiceUri");
        if (blob is null || table is null)
            throw new InvalidOperationException($"Set {Section} to a connection string, or {Section}__blobServiceUri, __queueServiceUri and __tableServiceUri for managed identity.");
        return new(null, blob, Uri("queueServiceUri"), table, section["credential"], section["clientId"]);
    }

    /// <summary>
    /// The same identity the Functions host uses for the task hub: the managed identity when
    /// __credential is "managedidentity" (user-assigned when __clientId is set), else DefaultAzureCredential
    /// (e.g. a developer's az login against a real account).
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
