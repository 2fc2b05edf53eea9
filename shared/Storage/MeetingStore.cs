using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

public enum WriteOutcome { Created, Unchanged, Updated }

/// <summary>
/// Meetings: the body whose plenary endorses, its chair and its secretariat. A meeting read less than
/// <see cref="ReferenceData.FreshFor"/> ago is used as read; one not found is read again every time.
/// </summary>
public sealed class MeetingStore(StorageClients clients, StorageNames names, TimeProvider time)
{
    const string Partition = "meeting";

    readonly ConcurrentDictionary<string, (Meeting Meeting, long ReadAt)> read = new(StringComparer.Ordinal);
    readonly LocalWrites writes = new();

    public async Task<Meeting?> GetAsync(string id, CancellationToken ct = default)
    {
        if (read.TryGetValue(id, out var kept) && time.IsFresh(kept.ReadAt)) return kept.Meeting;
        var readAt = time.GetTimestamp();
        var writesBefore = writes.Before;
        var table = await clients.TableAsync(names.Meetings);
        var row = await table.GetEntityIfExistsAsync<MeetingEntity>(Partition, id, cancellationToken: ct);
        if (!row.HasValue)
        {
            read.TryRemove(id, out _);
            return null;
        }
        var meeting = row.Value!.ToDomain();
        read[id] = (meeting, readAt);
        if (writes.CameSince(writesBefore)) read.TryRemove(id, out _);
        return meeting;
    }

    /// <summary>Every meeting, newest first (by start date, then id).</summary>
    public async Task<IReadOnlyList<Meeting>> ListAsync(CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.Meetings);
        var list = new List<Meeting>();
        await foreach (var row in table.QueryAsync<MeetingEntity>(m => m.PartitionKey == Partition, cancellationToken: ct)) list.Add(row.ToDomain());
        return [.. list.OrderByDescending(m => m.StartDate ?? DateOnly.MinValue).ThenByDescending(m => m.Id, StringComparer.Ordinal)];
    }

    public async Task<WriteOutcome> UpsertAsync(Meeting meeting, CancellationToken ct = default)
    {
        var table = await clients.TableAsync(names.Meetings);
        var entity = MeetingEntity.From(meeting);
        var existing = await table.GetEntityIfExistsAsync<MeetingEntity>(Partition, meeting.Id, cancellationToken: ct);
        if (existing.HasValue && existing.Value!.ToDomain() == meeting) return WriteOutcome.Unchanged;
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        // This host's next read sees its own change.
        writes.Count();
        read.TryRemove(meeting.Id, out _);
        return existing.HasValue ? WriteOutcome.Updated : WriteOutcome.Created;
    }

    sealed class MeetingEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Body { get; set; } = "";
        public string? Sector { get; set; }
        public string Title { get; set; } = "";
        public string? Place { get; set; }
        public string? StartDate { get; set; }
        public string? EndDate { get; set; }
        public string? ChairName { get; set; }
        public string? ChairEmail { get; set; }
        public string? SecretariatName { get; set; }
        public string? SecretariatEmail { get; set; }
        public string? NextMeeting { get; set; }

        public static MeetingEntity From(Meeting m) => new()
        {
            RowKey = m.Id,
            Body = m.Body,
            Sector = m.Sector,
            Title = m.Title,
            Place = m.Place,
            StartDate = m.StartDate?.ToString("yyyy-MM-dd"),
            EndDate = m.EndDate?.ToString("yyyy-MM-dd"),
            ChairName = m.Chair?.Name,
            ChairEmail = m.Chair?.Email,
            SecretariatName = m.Secretariat?.Name,
            SecretariatEmail = m.Secretariat?.Email,
            NextMeeting = m.NextMeeting,
        };

        public Meeting ToDomain() => new(RowKey, Body, Sector, Title, Place,
            StartDate is null ? null : DateOnly.Parse(StartDate),
            EndDate is null ? null : DateOnly.Parse(EndDate),
            ChairEmail is null ? null : new Contact(ChairName ?? ChairEmail, ChairEmail),
            SecretariatEmail is null ? null : new Contact(SecretariatName ?? SecretariatEmail, SecretariatEmail),
            NextMeeting);
    }
}
