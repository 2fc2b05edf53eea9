using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Inbound;

/// <summary>
/// The record of one inbound message: what it is (sender, recipients, subject, date, SPF and DKIM), where
/// its stored parts are, and where it stands — its status, the LS and group it was registered against, why
/// it is in the holding pen, and every step with who took it. Written after its blobs; its status changes
/// are guarded by its ETag.
/// </summary>
public sealed class InboundRecord : ITableEntity
{
    public const string Partition = "inbound";
    const int MaxRecipients = 50;

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Variant { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public string? MessageId { get; set; }
    public string ContentSha256 { get; set; } = "";
    public string ContentBlob { get; set; } = "";
    public string TextBlob { get; set; } = "";
    public string FromAddress { get; set; } = "";
    public string? FromName { get; set; }
    public string Recipients { get; set; } = "[]";
    public string Subject { get; set; } = "";
    public DateTimeOffset? SentAt { get; set; }
    public string? Spf { get; set; }
    public string? Dkim { get; set; }
    public string Attachments { get; set; } = "[]";
    public string Status { get; set; } = nameof(InboundStatus.Received);
    public string? Reason { get; set; }
    public string? ReasonDetail { get; set; }
    /// <summary>The LS and group the message is registered against, or a person assigned it to.</summary>
    public string? LiaisonId { get; set; }
    public string? GroupId { get; set; }
    public string? AssignedBy { get; set; }
    public string? Reference { get; set; }
    public string Steps { get; set; } = "[]";

    [IgnoreDataMember] public string Id => RowKey;
    [IgnoreDataMember] public InboundStatus State => Enum.TryParse<InboundStatus>(Status, out var s) ? s : InboundStatus.Received;
    [IgnoreDataMember] public PenReason? Why => Enum.TryParse<PenReason>(Reason, out var r) ? r : null;
    [IgnoreDataMember] public IReadOnlyList<string> RecipientList => JsonSerializer.Deserialize<string[]>(Recipients) ?? [];
    [IgnoreDataMember] public IReadOnlyList<InboundAttachment> AttachmentList => JsonSerializer.Deserialize<InboundAttachment[]>(Attachments) ?? [];
    [IgnoreDataMember] public IReadOnlyList<InboundStep> StepList => JsonSerializer.Deserialize<InboundStep[]>(Steps) ?? [];
    [IgnoreDataMember] public bool SpfPassed => InboundPost.SpfPassed(Spf);
    [IgnoreDataMember] public bool DkimPassed => InboundPost.DkimPassed(Dkim);

    public static InboundRecord From(string id, InboundPost post, string contentSha256, string contentBlob, string textBlob,
        IReadOnlyList<InboundAttachment> attachments, DateTimeOffset at) => new()
    {
        RowKey = id,
        Variant = post.Variant.ToString(),
        ReceivedAt = at,
        MessageId = post.MessageId,
        ContentSha256 = contentSha256,
        ContentBlob = contentBlob,
        TextBlob = textBlob,
        FromAddress = Clean(post.FromAddress, FieldRules.MaxEmailLength),
        FromName = post.FromName is null ? null : Clean(post.FromName, FieldRules.MaxNameLength),
        Recipients = JsonSerializer.Serialize(post.Recipients.Take(MaxRecipients).Select(r => Clean(r, FieldRules.MaxEmailLength))),
        Subject = Clean(post.Subject, FieldRules.MaxTitleLength),
        SentAt = post.SentAt,
        Spf = post.Spf is null ? null : Clean(post.Spf, FieldRules.MaxNameLength),
        Dkim = post.Dkim is null ? null : Clean(post.Dkim, FieldRules.MaxReasonLength),
        Attachments = JsonSerializer.Serialize(attachments),
        Steps = JsonSerializer.Serialize(new[] { new InboundStep(at, InboundStatus.Received, "SendGrid Inbound Parse", $"Stored ({post.Variant}, {attachments.Count} attachment(s)).") }),
    };

    /// <summary>Moves the record on and adds the step that says why; written by <see cref="InboundStore.UpdateAsync"/>.</summary>
    public InboundRecord Move(InboundStatus status, string by, string detail, DateTimeOffset at)
    {
        Status = status.ToString();
        Steps = JsonSerializer.Serialize(StepList.Append(new InboundStep(at, status, Clean(by, FieldRules.MaxNameLength), Clean(detail, FieldRules.MaxReasonLength))));
        return this;
    }

    public InboundRecord Hold(PenReason reason, string detail, DateTimeOffset at)
    {
        Reason = reason.ToString();
        ReasonDetail = Clean(detail, FieldRules.MaxReasonLength);
        return Move(InboundStatus.Unmatched, "LiaisonFlow", detail, at);
    }

    /// <summary>A sender's text made storable: control characters become spaces, and it is cut to the field's limit.</summary>
    public static string Clean(string text, int max)
    {
        var cleaned = new string([.. text.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' ? ' ' : c)]).Trim();
        return cleaned.Length <= max ? cleaned : cleaned[..(max - 1)] + "…";
    }
}
