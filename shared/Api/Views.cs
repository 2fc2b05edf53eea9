using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;

namespace LiaisonFlow.Api;

// What the API answers: the stored records, shaped for people and scripts.

public sealed record DeadlineView(string Text, DateOnly? Date, DeadlinePrecision? Precision, DateTimeOffset? DueUtc, string TimeZone)
{
    public static DeadlineView From(Deadline d) => new(d.Raw, d.Date, d.Precision, d.DueUtc, Deadline.TimeZoneId);
}

public sealed record AddresseeView(
    string Group, string? GroupName, string? AddressedAs, Purpose Purpose, DeadlineView Deadline, ReplyStatus ReplyStatus,
    bool Overdue, int? DaysLeft, string? ReplyReference, DateOnly? RepliedOn)
{
    /// <param name="now">Calendar now: "overdue" and "days left" are about the deadline's calendar.</param>
    public static AddresseeView From(Addressee a, GroupDirectory directory, DateTimeOffset now) => new(
        a.GroupId, directory.Find(a.GroupId)?.Name, a.AddressedAs, a.Purpose, DeadlineView.From(a.Deadline), a.ReplyStatus,
        a.IsOverdue(now), a.OwesReply && a.Deadline.Date is { } date ? date.DayNumber - Geneva.DateOf(now).DayNumber : null,
        a.ReplyReference, a.RepliedOn);
}

public sealed record ReplyView(string Group, string GroupName, string Reference, DateOnly ReceivedOn, string? Note, string? Document, bool Solicited, DateTimeOffset RecordedAt, string RecordedBy)
{
    public static ReplyView From(Reply r, string liaisonId, string baseUrl) => new(r.GroupId, r.GroupName, r.Reference, r.ReceivedOn, r.Note,
        r.DocumentFileName is null ? null : LiaisonMails.ReplyDocumentUrl(baseUrl, liaisonId, r.GroupId, r.DocumentFileName), r.Solicited, r.RecordedAt, r.RecordedBy);
}

public sealed record DocumentView(string FileName, long Length, string ContentType, string Sha256, DateTimeOffset UploadedAt, string UploadedBy, string Url);

public sealed record TdView(string Reference, string Display);

public sealed record LiaisonSummary(string Id, string MeetingId, string? Number, string Title, LiaisonState State, string SourceBody, string? SourceGroup, TdView? Td, string Url)
{
    public Direction Direction { get; init; }

    public static LiaisonSummary From(LiaisonStatement ls, string baseUrl) => new(ls.Id, ls.MeetingId, ls.Number?.ToString(), ls.Title, ls.State,
        ls.SourceBody, ls.SourceGroup, TdOf(ls.Td), $"{baseUrl.TrimEnd('/')}/api/liaisons/{Uri.EscapeDataString(ls.Id)}") { Direction = ls.Direction };

    public static TdView? TdOf(TdReference? td) => td is null ? null : new TdView(td.ToString(), td.Display);
}

public sealed record LiaisonView(
    string Id, string MeetingId, string? Number, IReadOnlyList<string> NumberAliases, string Title, string? Subject,
    string SourceBody, string? SourceGroup, TdView? Td, string? Questions, string? Approval, Contact? Contact, LiaisonState State, DateOnly? EndorsedOn, DateOnly? DispatchedOn,
    string? ReportSection, string? Notes, DateTimeOffset CreatedAt, DateTimeOffset? ChasingSince,
    IReadOnlyList<AddresseeView> Addressees, IReadOnlyList<ReplyView> Replies, IReadOnlyList<DocumentView> Documents, IReadOnlyList<HistoryEntry> History)
{
    /// <summary>The stored LS's version, also its ETag: a draft edit sends it back in If-Match.</summary>
    public int? Version { get; init; }

    public Direction Direction { get; init; }

    /// <summary>Incoming: the group that sent it, and the day it was registered.</summary>
    public string? FromGroup { get; init; }
    public DateOnly? ReceivedOn { get; init; }

    /// <summary>The reply chain, both ways (LS ids): the incoming LS this one answers, and the one of ours that answered it.</summary>
    public string? InReplyTo { get; init; }
    public string? AnsweredBy { get; init; }

    /// <summary>The LS of ours this incoming one replies to, and the incoming LSs registered as replies to this one.</summary>
    public string? RepliesTo { get; init; }
    public IReadOnlyList<string> RepliedBy { get; init; } = [];

    /// <summary>The same links with the other LS named (number and title), for a page to show and follow.</summary>
    public IReadOnlyList<ChainLink> Chain { get; init; } = [];

    /// <summary>The LSs this one is linked to in the reply chain, each with how.</summary>
    public IEnumerable<(ChainRelation Relation, string Id)> ChainIds() =>
        new[] { (ChainRelation.InReplyTo, InReplyTo), (ChainRelation.AnsweredBy, AnsweredBy), (ChainRelation.RepliesTo, RepliesTo) }
            .Where(l => l.Item2 is not null).Select(l => (l.Item1, l.Item2!))
            .Concat(RepliedBy.Select(id => (ChainRelation.RepliedBy, id)));

    public static LiaisonView From(LiaisonSnapshot snapshot, GroupDirectory directory, string baseUrl, DateTimeOffset now) =>
        From(snapshot.Details, directory, baseUrl, now) with { Version = snapshot.Version };

    public static LiaisonView From(LiaisonDetails details, GroupDirectory directory, string baseUrl, DateTimeOffset now)
    {
        var ls = details.Liaison;
        return new(ls.Id, ls.MeetingId, ls.Number?.ToString(), ls.NumberAliases, ls.Title, ls.Subject, ls.SourceBody, ls.SourceGroup,
            LiaisonSummary.TdOf(ls.Td), ls.Questions, ls.Approval, ls.Contact, ls.State, ls.EndorsedOn, ls.DispatchedOn, ls.ReportSection, ls.Notes, ls.CreatedAt, ls.ChasingSince,
            [.. ls.Addressees.Select(a => AddresseeView.From(a, directory, now))],
            [.. details.Replies.Select(r => ReplyView.From(r, ls.Id, baseUrl))],
            [.. details.Documents.Select(d => new DocumentView(d.FileName, d.Length, d.ContentType, d.Sha256, d.UploadedAt, d.UploadedBy,
                LiaisonMails.DocumentUrl(baseUrl, ls.Id, d.FileName)))],
            [.. details.History.OrderBy(h => h.At)])
        {
            Direction = ls.Direction,
            FromGroup = ls.SenderGroupId,
            ReceivedOn = ls.ReceivedOn,
            InReplyTo = ls.InReplyTo,
            AnsweredBy = ls.AnsweredBy,
            RepliesTo = ls.RepliesTo,
            RepliedBy = [.. details.Replies.Select(r => r.IncomingLiaisonId).OfType<string>().Distinct()],
        };
    }
}

/// <summary>How this LS relates to the other in the reply chain.</summary>
public enum ChainRelation
{
    /// <summary>This outgoing LS answers the incoming one.</summary>
    InReplyTo,
    /// <summary>This incoming LS was answered by the outgoing one.</summary>
    AnsweredBy,
    /// <summary>This incoming LS is a reply to the outgoing one of ours.</summary>
    RepliesTo,
    /// <summary>The incoming LS was registered as a reply to this one.</summary>
    RepliedBy,
}

/// <summary>One link of the reply chain, the other LS named; its number and title are null if it is gone.</summary>
public sealed record ChainLink(ChainRelation Relation, string Id, string? Number, string? Title, string Url);

public sealed record CreateLiaisonRequest(
    string? Id, string? MeetingId, string? Title, string? Subject, string? SourceGroup, string? Td,
    Import.ContactDto? Contact, List<Import.AddresseeDto>? Addressees,
    string? SourceBody = null, string? Questions = null, string? Approval = null,
    string? InReplyTo = null, string? Direction = null,
    // An incoming LS (direction "incoming"): see IncomingLiaisonFields.
    string? FromGroup = null, string? Number = null, string? Purpose = null, string? Deadline = null, string? ResponsibleGroup = null, string? RepliesTo = null)
{
    public Workflow.IncomingLiaisonFields Incoming() =>
        new(Id, MeetingId, FromGroup, Number, Title, Subject, Td, Purpose, Deadline, ResponsibleGroup, RepliesTo);
}

public sealed record CommandRequest(string? Number, string? Reason);

public sealed record ReplyRequest(string? FromGroup, string? Reference, string? ReceivedOn, string? Note);

public sealed record DeadlineRequest(string? Deadline, string? Reason);

public sealed record ChasingRequest(bool? Enabled);
