using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// Everything stored about one LS at one moment, with the record row (and so its ETag and version) that
/// a change to it is guarded by.
/// </summary>
public sealed record LiaisonSnapshot(LiaisonEntity Record, LiaisonDetails Details, IReadOnlyList<TrackedStep> Tracked, IReadOnlyList<MailEntity> Mail)
{
    public string Id => Record.PartitionKey;
    public LiaisonStatement Liaison => Details.Liaison;
    public LiaisonState State => Liaison.State;
    public int Version => Record.Version;

    /// <summary>Whether a history line with this key exists: the change it records was done.</summary>
    public bool HasHistory(string key) => Details.History.Any(h => h.Key == key);

    public IReadOnlySet<string> TrackedKeys => Tracked.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
}
