namespace LiaisonFlow.Storage.Metering;

/// <summary>Which storage service a request went to.</summary>
public enum StorageService
{
    Table,
    Blob,
    Queue,
}

/// <summary>What a storage request did, as billed: one request each, whatever it read or wrote.</summary>
public enum StorageOperation
{
    /// <summary>One entity by partition and row key.</summary>
    PointRead,
    /// <summary>A filtered query (one page of it; a continuation is another request).</summary>
    Query,
    /// <summary>An entity group transaction: up to 100 writes to one partition, all or none.</summary>
    Transaction,
    Insert,
    Update,
    Delete,
    CreateTable,
    CreateContainer,
    Download,
    Upload,
    Properties,
    Other,
}

/// <summary>The requests of one operation on one table or container, and the entities they read and wrote.</summary>
public sealed record StorageOperationCount(StorageService Service, string Resource, StorageOperation Operation, long Requests, long EntitiesRead, long EntitiesWritten);

/// <summary>A snapshot of the counts; <see cref="Minus"/> gives what happened between two snapshots.</summary>
public sealed record StorageRequestCounts(IReadOnlyList<StorageOperationCount> Operations)
{
    public long Requests => Operations.Sum(o => o.Requests);
    public long EntitiesRead => Operations.Sum(o => o.EntitiesRead);
    public long EntitiesWritten => Operations.Sum(o => o.EntitiesWritten);

    public static StorageRequestCounts Empty { get; } = new([]);

    /// <summary>What was counted since <paramref name="before"/> (operations with no new request left out).</summary>
    public StorageRequestCounts Minus(StorageRequestCounts before)
    {
        var earlier = before.Operations.ToDictionary(o => (o.Service, o.Resource, o.Operation));
        return new([.. Operations
            .Select(o => earlier.TryGetValue((o.Service, o.Resource, o.Operation), out var b)
                ? o with { Requests = o.Requests - b.Requests, EntitiesRead = o.EntitiesRead - b.EntitiesRead, EntitiesWritten = o.EntitiesWritten - b.EntitiesWritten }
                : o)
            .Where(o => o.Requests > 0)]);
    }
}
