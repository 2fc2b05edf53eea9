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
    public const string MailPrefix = "mail|";
    /// <summary>A reply's documents: apart from the LS's own TDs, under the replying group.</summary>
    public const string ReplyDocumentPrefix = "replydoc|";

    public static string Addressee(string groupId) => AddresseePrefix + groupId;
    public static string Document(string fileName) => DocumentPrefix + fileName;
    public static string Reply(string key) => ReplyPrefix + key;
    public static string Track(string key) => TrackPrefix + key;
    public static string Mail(string key) => MailPrefix + key;
    public static string ReplyDocument(string groupId, string fileName) => $"{ReplyDocumentPrefix}{groupId}|{fileName}";

    /// <summary>The entity type of a row a snapshot holds, by its row key; null for the others (a reply's documents, read on their own).</summary>
    public static Type? SnapshotType(string rowKey) =>
        rowKey == Record ? typeof(LiaisonEntity)
        : rowKey.StartsWith(AddresseePrefix, StringComparison.Ordinal) ? typeof(AddresseeEntity)
        : rowKey.StartsWith(HistoryPrefix, StringComparison.Ordinal) ? typeof(HistoryEntity)
        : rowKey.StartsWith(DocumentPrefix, StringComparison.Ordinal) ? typeof(DocumentEntity)
        : rowKey.StartsWith(ReplyPrefix, StringComparison.Ordinal) ? typeof(ReplyEntity)
        : rowKey.StartsWith(TrackPrefix, StringComparison.Ordinal) ? typeof(TrackEntity)
        : rowKey.StartsWith(MailPrefix, StringComparison.Ordinal) ? typeof(MailEntity)
        : null;

    // Sortable by time; the key makes a retried write land on the same row.
    public static string History(HistoryEntry e) => $"{HistoryPrefix}{e.At.UtcDateTime:yyyyMMddHHmmssfffffff}|{e.Key}";
}

public sealed class LiaisonEntity : ITableEntity
{
    /// <summary>A copy to change: a decision edits the copy, never the snapshot it read.</summary>
    public LiaisonEntity Copy() => (LiaisonEntity)MemberwiseClone();

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
    public string? Questions { get; set; }
    public string? Approval { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string State { get; set; } = nameof(LiaisonState.Draft);
    public string? EndorsedOn { get; set; }
    public string? DispatchedOn { get; set; }
    public string? ReportSection { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ChasingSince { get; set; }
    public string? RequestedNumber { get; set; }
    public DateTimeOffset? AwaitingDecisionSince { get; set; }

    /// <summary>Null on rows written before LSs had a direction: those are outgoing.</summary>
    public string? Direction { get; set; }
    public string? SenderGroupId { get; set; }
    public string? ReceivedOn { get; set; }
    public string? InReplyTo { get; set; }
    public string? RepliesTo { get; set; }
    public string? AnsweredBy { get; set; }

    /// <summary>Raised by every change (the write path's guard is the row's ETag; this lets derived indexes say which change they reflect).</summary>
    public int Version { get; set; }

    /// <summary>Set by a change the workflow must act on (a command, a reply, an import); cleared when the workflow has. A sweep restarts LSs left pending.</summary>
    public DateTimeOffset? PendingSince { get; set; }

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
        Questions = ls.Questions,
        Approval = ls.Approval,
        ContactName = ls.Contact?.Name,
        ContactEmail = ls.Contact?.Email,
        State = ls.State.ToString(),
        EndorsedOn = ls.EndorsedOn?.ToString("yyyy-MM-dd"),
        DispatchedOn = ls.DispatchedOn?.ToString("yyyy-MM-dd"),
        ReportSection = ls.ReportSection,
        Notes = ls.Notes,
        CreatedAt = ls.CreatedAt,
        ChasingSince = ls.ChasingSince,
        RequestedNumber = ls.RequestedNumber?.ToString(),
        AwaitingDecisionSince = ls.AwaitingDecisionSince,
        Direction = ls.Direction == Domain.Direction.Outgoing ? null : ls.Direction.ToString(),
        SenderGroupId = ls.SenderGroupId,
        ReceivedOn = ls.ReceivedOn?.ToString("yyyy-MM-dd"),
        InReplyTo = ls.InReplyTo,
        RepliesTo = ls.RepliesTo,
        AnsweredBy = ls.AnsweredBy,
    };

    /// <summary>Writes the domain fields of <paramref name="ls"/> onto this row, keeping its keys, ETag and bookkeeping.</summary>
    public void Set(LiaisonStatement ls)
    {
        var fresh = From(ls);
        MeetingId = fresh.MeetingId; Number = fresh.Number; NumberAliases = fresh.NumberAliases; Title = fresh.Title; Subject = fresh.Subject;
        SourceBody = fresh.SourceBody; SourceGroup = fresh.SourceGroup; Td = fresh.Td; Questions = fresh.Questions; Approval = fresh.Approval; ContactName = fresh.ContactName; ContactEmail = fresh.ContactEmail;
        State = fresh.State; EndorsedOn = fresh.EndorsedOn; DispatchedOn = fresh.DispatchedOn; ReportSection = fresh.ReportSection; Notes = fresh.Notes;
        CreatedAt = fresh.CreatedAt; ChasingSince = fresh.ChasingSince; RequestedNumber = fresh.RequestedNumber; AwaitingDecisionSince = fresh.AwaitingDecisionSince;
        Direction = fresh.Direction; SenderGroupId = fresh.SenderGroupId; ReceivedOn = fresh.ReceivedOn; InReplyTo = fresh.InReplyTo; RepliesTo = fresh.RepliesTo; AnsweredBy = fresh.AnsweredBy;
    }

    public LiaisonStatement ToDomain(IReadOnlyList<Addressee> addressees) => new()
    {
        Id = PartitionKey,
        MeetingId = MeetingId,
        // Read leniently: a row written by an older version must never make a list unreadable.
        Number = LsNumber.TryParse(Number, out var number) ? number : null,
        NumberAliases = [.. (NumberAliases is null ? [] : JsonSerializer.Deserialize<string[]>(NumberAliases) ?? []),
            .. (Number is not null && number is null ? [Number] : Array.Empty<string>())],
        Title = Title,
        Subject = Subject,
        SourceBody = SourceBody,
        SourceGroup = SourceGroup,
        Td = TdReference.TryParse(Td, out var td) ? td : null,
        Questions = Questions,
        Approval = Approval,
        Contact = ContactEmail is null ? null : new Contact(ContactName ?? ContactEmail, ContactEmail),
        State = Enum.Parse<LiaisonState>(State),
        EndorsedOn = StoredDate(EndorsedOn),
        DispatchedOn = StoredDate(DispatchedOn),
        ReportSection = ReportSection,
        Notes = Notes,
        CreatedAt = CreatedAt,
        ChasingSince = ChasingSince,
        RequestedNumber = LsNumber.TryParse(RequestedNumber, out var requested) ? requested : null,
        AwaitingDecisionSince = AwaitingDecisionSince,
        Direction = Direction == nameof(Domain.Direction.Incoming) ? Domain.Direction.Incoming : Domain.Direction.Outgoing,
        SenderGroupId = SenderGroupId,
        ReceivedOn = StoredDate(ReceivedOn),
        InReplyTo = InReplyTo,
        RepliesTo = RepliesTo,
        AnsweredBy = AnsweredBy,
        Addressees = addressees,
    };

    internal static DateOnly? StoredDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;
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
        RepliedOn = LiaisonEntity.StoredDate(RepliedOn),
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
        Event = e.Event.ToString(),
        Actor = e.Actor,
        Detail = e.Detail,
        State = e.State?.ToString(),
    };

    public HistoryEntry ToDomain() =>
        new(At, Key, Enum.TryParse<LiaisonEvent>(Event, out var kind) ? kind : LiaisonEvent.Other, Actor, Detail,
            Enum.TryParse<LiaisonState>(State, out var state) ? state : null);
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
    public string? BlobName { get; set; }

    /// <param name="rowKey">Where the row goes: the LS's TDs by default (<see cref="LiaisonRows.Document"/>).</param>
    public static DocumentEntity From(string liaisonId, LiaisonDocument d, string? rowKey = null) => new()
    {
        PartitionKey = liaisonId,
        RowKey = rowKey ?? LiaisonRows.Document(d.FileName),
        FileName = d.FileName,
        Length = d.Length,
        ContentType = d.ContentType,
        Sha256 = d.Sha256,
        UploadedAt = d.UploadedAt,
        UploadedBy = d.UploadedBy,
        BlobName = d.BlobName,
    };

    public LiaisonDocument ToDomain() => new(FileName, Length, ContentType, Sha256, UploadedAt, UploadedBy, BlobName);
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
    public string? IncomingLiaisonId { get; set; }

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
        IncomingLiaisonId = r.IncomingLiaisonId,
    };

    public Reply ToDomain() => new(GroupId, GroupName, Reference, LiaisonEntity.StoredDate(ReceivedOn) ?? DateOnly.FromDateTime(RecordedAt.UtcDateTime),
        Note, DocumentFileName, Solicited, RecordedAt, RecordedBy, IncomingLiaisonId);
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

    public static TrackEntity From(string liaisonId, TrackedStep step) => new()
    {
        PartitionKey = liaisonId, RowKey = LiaisonRows.Track(step.Key), Outcome = step.Outcome.ToString(), At = step.At,
    };

    public TrackedStep ToDomain() => new(RowKey[LiaisonRows.TrackPrefix.Length..],
        Enum.TryParse<TrackOutcome>(Outcome, out var o) ? o : TrackOutcome.Skipped, At);
}

/// <summary>What became of one reply-tracking step.</summary>
public enum TrackOutcome { Sent, Skipped, Noted, NoAddress }

/// <summary>One handled step of reply tracking: its key (see ChaserSlot, EscalationSlot, OverdueNote), outcome and time.</summary>
public sealed record TrackedStep(string Key, TrackOutcome Outcome, DateTimeOffset At);
