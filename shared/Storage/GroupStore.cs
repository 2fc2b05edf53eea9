using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// The group directory: every group an LS can be addressed to, with contact and members. Nearly every
/// request and step needs it and it changes only with an import, so it is kept in memory and read again
/// only when the directory's stamp (a row every change of a group rewrites, after the groups) moved: one
/// point read instead of the whole directory. The stamp itself is checked at most once per
/// <see cref="ReferenceData.FreshFor"/>: another host sees a change within that time, this one at once.
/// </summary>
public sealed class GroupStore(StorageClients clients, StorageNames names, TimeProvider time)
{
    const string Partition = "group";
    const string StampPartition = "directory";
    const string StampRow = "stamp";

    /// <param name="CheckedAt">When the stamp was last found unchanged (a <see cref="TimeProvider"/> timestamp taken before its read).</param>
    sealed record Cached(string? Stamp, GroupDirectory Directory, long CheckedAt);

    volatile Cached? cached; // one reference, swapped whole: requests read it in parallel
    readonly LocalWrites writes = new();

    public async Task<GroupDirectory> GetDirectoryAsync(CancellationToken ct = default)
    {
        if (cached is { } fresh && time.IsFresh(fresh.CheckedAt)) return fresh.Directory;
        var checkedAt = time.GetTimestamp();
        var writesBefore = writes.Before;
        var table = await clients.TableAsync(names.Groups);
        var stamp = await table.GetEntityIfExistsAsync<TableEntity>(StampPartition, StampRow, cancellationToken: ct);
        var current = stamp.HasValue ? stamp.Value!.GetString("Stamp") : null;
        if (cached is { } known && known.Stamp == current)
        {
            Keep(known with { CheckedAt = checkedAt }, writesBefore);
            return known.Directory;
        }

        var groups = new List<Group>();
        await foreach (var e in table.QueryAsync<GroupEntity>(g => g.PartitionKey == Partition, cancellationToken: ct))
            groups.Add(e.ToDomain());
        var directory = new GroupDirectory(groups);
        // Read after the stamp: at worst a newer directory kept under an older stamp, read again next time.
        Keep(new Cached(current, directory, checkedAt), writesBefore);
        return directory;
    }

    /// <summary>Keeps what a read found, unless this host changed the directory since the read began.</summary>
    void Keep(Cached read, int writesBefore)
    {
        cached = read;
        if (writes.CameSince(writesBefore)) cached = null;
    }

    /// <summary>Writes groups that are new or changed; returns how many were written.</summary>
    public async Task<int> UpsertAsync(IEnumerable<Group> groups, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.Groups);
        var written = 0;
        foreach (var group in groups)
        {
            var entity = GroupEntity.From(group);
            var existing = await table.GetEntityIfExistsAsync<GroupEntity>(Partition, group.Id, cancellationToken: ct);
            if (existing.HasValue && existing.Value!.SameAs(entity)) continue;
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
            written++;
        }
        // Last, so a host that sees the new stamp reads the groups as written.
        if (written > 0)
        {
            await table.UpsertEntityAsync(new TableEntity(StampPartition, StampRow) { ["Stamp"] = Guid.NewGuid().ToString("N") }, TableUpdateMode.Replace, ct);
            // This host's next read sees its own change.
            writes.Count();
            cached = null;
        }
        return written;
    }

    sealed class GroupEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Name { get; set; } = "";
        public string Body { get; set; } = "";
        public string? Email { get; set; }
        public string Aliases { get; set; } = "[]";
        public string Members { get; set; } = "[]";
        public string? Addresses { get; set; }

        public static GroupEntity From(Group g) => new()
        {
            RowKey = g.Id,
            Name = g.Name,
            Body = g.Body,
            Email = g.Email,
            Aliases = JsonSerializer.Serialize(g.Aliases),
            Members = JsonSerializer.Serialize(g.Members),
            Addresses = g.Addresses.Count == 0 ? null : JsonSerializer.Serialize(g.Addresses),
        };

        public Group ToDomain() => new(RowKey, Name, Body, Email,
            JsonSerializer.Deserialize<string[]>(Aliases) ?? [], JsonSerializer.Deserialize<string[]>(Members) ?? [])
        {
            Addresses = Addresses is null ? [] : JsonSerializer.Deserialize<string[]>(Addresses) ?? [],
        };

        public bool SameAs(GroupEntity o) =>
            Name == o.Name && Body == o.Body && Email == o.Email && Aliases == o.Aliases && Members == o.Members && Addresses == o.Addresses;
    }
}
