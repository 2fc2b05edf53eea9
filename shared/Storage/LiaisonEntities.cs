using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>
/// Row layout of the Liaisons table: one partition per LS, so the record, its addressees, its history
/// and its documents are read in one query and written together in one transaction.
/// </summary>
static class LiaisonRows
{
    public const string Record = "ls";
    public const string AddresseePrefix = "addressee|";
    public const string HistoryPrefix = "history|";
    public const string DocumentPrefix = "document|";
    public const string ReplyPrefix = "reply|";
    public const string TrackPrefix = "track|";

    public static string Addressee(string groupId) => AddresseePrefix + groupId;
    public static string Document(string fileName) => DocumentPrefix + fileName;
    public static string Reply(string key) => ReplyPrefix + key;
    public static string Track(string key) => TrackPrefix + key;

    // Sortable by time; the key makes a retried write land on the same row.
    public static string History(HistoryEntry e) => $"{HistoryPrefix}{e.At.UtcDateTime:yyyyMMddHHmmssfffffff}|{e.Key}";
}

public sealed class LiaisonEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = LiaisonRows.Record;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string MeetingId { get; set; } = "";
    public string? Number { get; set; }
    public string? NumberAliases { get; set; }
    public string Title { get; set; } = "";
    public string? Subject { get; set; }
    public string SourceBody { get; set; } = "";
    public string? SourceGroup { get; set; }
    public string? Td { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string State { get; set; } = nameof(LiaisonState.Draft);
    public string? EndorsedOn { get; set; }
    public string? DispatchedOn { get; set; }
    public string? ReportSection { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ChasingSince { get; set; }

    public static LiaisonEntity From(LiaisonStatement ls) => new()
    {
        PartitionKey = ls.Id,
        MeetingId = ls.MeetingId,
        Number = ls.Number?.ToString(),
        NumberAliases = ls.NumberAliases.Count == 0 ? null : JsonSerializer.Serialize(ls.NumberAliases),
        Title = ls.Title,
        Subject = ls.Subject,
        SourceBody = ls.SourceBody,
        SourceGroup = ls.SourceGroup,
        Td = ls.Td?.ToString(),
        ContactName = ls.Contact?.Name,
        ContactEmail = ls.Contact?.Email,
        State = ls.State.ToString(),
        EndorsedOn = ls.EndorsedOn?.ToString("yyyy-MM-dd"),
        DispatchedOn = ls.DispatchedOn?.ToString("yyyy-MM-dd"),
        ReportSection = ls.ReportSection,
        Notes = ls.Notes,
        CreatedAt = ls.CreatedAt,
        ChasingSince = ls.ChasingSince,
    };

    public LiaisonStatement ToDomain(IReadOnlyList<Addressee> addressees) => new()
    {
        Id = PartitionKey,
        MeetingId = MeetingId,
        Number = Number is null ? null : LsNumber.Parse(Number),
        NumberAliases = NumberAliases is null ? [] : JsonSerializer.Deserialize<string[]>(NumberAliases) ?? [],
        Title = Title,
        Subject = Subject,
        SourceBody = SourceBody,
        SourceGroup = SourceGroup,
        Td = Td is null ? null : TdReference.Parse(Td),
        Contact = ContactEmail is null ? null : new Contact(ContactName ?? ContactEmail, ContactEmail),
        State = Enum.Parse<LiaisonState>(State),
        EndorsedOn = EndorsedOn is null ? null : DateOnly.Parse(EndorsedOn),
        DispatchedOn = DispatchedOn is null ? null : DateOnly.Parse(DispatchedOn),
        ReportSection = ReportSection,
        Notes = Notes,
        CreatedAt = CreatedAt,
        ChasingSince = ChasingSince,
        Addressees = addressees,
    };
}

public sealed class AddresseeEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string GroupId { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string DeadlineRaw { get; set; } = "";
    public string ReplyStatus { get; set; } = "";
    public string? AddressedAs { get; set; }
    public string? ReplyReference { get; set; }
    public string? RepliedOn { get; set; }

    public static AddresseeEntity From(string liaisonId, Addressee a) => new()
    {
        PartitionKey = liaisonId,
        RowKey = LiaisonRows.Addressee(a.GroupId),
        GroupId = a.GroupId,
        Purpose = a.Purpose.ToString(),
        DeadlineRaw = a.Deadline.Raw,
        ReplyStatus = a.ReplyStatus.ToString(),
        AddressedAs = a.AddressedAs,
        ReplyReference = a.ReplyReference,
        RepliedOn = a.RepliedOn?.ToString("yyyy-MM-dd"),
    };

    // The deadline is stored as written and parsed again, so a better parser improves old records too.
    public Addressee ToDomain() => new(
        GroupId,
        Enum.Parse<Purpose>(Purpose),
        Deadline.TryParse(DeadlineRaw, out var d, out _) ? d : Deadline.None with { Raw = DeadlineRaw },
        Enum.Parse<ReplyStatus>(ReplyStatus),
        AddressedAs)
    {
        ReplyReference = ReplyReference,
        RepliedOn = RepliedOn is null ? null : DateOnly.Parse(RepliedOn),
    };
}

public sealed class HistoryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset At { get; set; }
    public string Key { get; set; } = "";
    public string Event { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Detail { get; set; } = "";
    public string? State { get; set; }

    public static HistoryEntity From(string liaisonId, HistoryEntry e) => new()
    {
        PartitionKey = liaisonId,
        RowKey = LiaisonRows.History(e),
        At = e.At,
        Key = e.Key,
        Event = e.Event,
        Actor = e.Actor,
        Detail = e.Detail,
        State = e.State?.ToString(),
    };

    public HistoryEntry ToDomain() =>
        new(At, Key, Event, Actor, Detail, State is null ? null : Enum.Parse<LiaisonState>(State));
}

public sealed class DocumentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string FileName { get; set; } = "";
    public long Length { get; set; }
    public string ContentType { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";

    public static DocumentEntity From(string liaisonId, LiaisonDocument d) => new()
    {
        PartitionKey = liaisonId,
        RowKey = LiaisonRows.Document(d.FileName),
        FileName = d.FileName,
        Length = d.Length,
        ContentType = d.ContentType,
        Sha256 = d.Sha256,
        UploadedAt = d.UploadedAt,
        UploadedBy = d.UploadedBy,
    };

    public LiaisonDocument ToDomain() => new(FileName, Length, ContentType, Sha256, UploadedAt, UploadedBy);
}

public sealed class ReplyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string GroupId { get; set; } = "";
    public string GroupName { get; set; } = "";
    public string Reference { get; set; } = "";
    public string ReceivedOn { get; set; } = "";
    public string? Note { get; set; }
    public string? DocumentFileName { get; set; }
    public bool Solicited { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";

    public static ReplyEntity From(string liaisonId, Reply r) => new()
    {
        PartitionKey = liaisonId,
        RowKey = LiaisonRows.Reply(Domain.Reply.Key(r.GroupId, r.Reference)),
        GroupId = r.GroupId,
        GroupName = r.GroupName,
        Reference = r.Reference,
        ReceivedOn = r.ReceivedOn.ToString("yyyy-MM-dd"),
        Note = r.Note,
        DocumentFileName = r.DocumentFileName,
        Solicited = r.Solicited,
        RecordedAt = r.RecordedAt,
        RecordedBy = r.RecordedBy,
    };

    public Reply ToDomain() => new(GroupId, GroupName, Reference, DateOnly.Parse(ReceivedOn), Note, DocumentFileName, Solicited, RecordedAt, RecordedBy);
}

/// <summary>One handled step of reply tracking (a chaser sent or skipped, an escalation, an overdue note), keyed so it happens once.</summary>
public sealed class TrackEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Outcome { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
