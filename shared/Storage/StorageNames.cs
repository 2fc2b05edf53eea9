using LiaisonFlow.Hosting;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Storage;

/// <summary>Table and container names, with the configured prefix.</summary>
public sealed class StorageNames(IOptions<LiaisonFlowOptions> options)
{
    readonly string prefix = options.Value.StoragePrefix;

    public string Liaisons => prefix + "Liaisons";
    public string Groups => prefix + "Groups";
    public string Meetings => prefix + "Meetings";
    public string LsNumbers => prefix + "LsNumbers";
    public string Outstanding => prefix + "Outstanding";
    public string Feed => prefix + "Feed";
    public string DocumentsContainer => prefix.ToLowerInvariant() + "tds";
    public string OutboxContainer => prefix.ToLowerInvariant() + "outbox";
    public string Inbound => prefix + "Inbound";
    public string InboundContainer => prefix.ToLowerInvariant() + "inbound";
}
