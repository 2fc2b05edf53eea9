using LiaisonFlow.Inbound;

namespace LiaisonFlow.Api;

public sealed record AssignInboundRequest(string? Liaison, string? Group);

public sealed record DismissInboundRequest(string? Reason);

public sealed record InboundAttachmentView(int N, string FileName, string ContentType, long Length, string Sha256, string Url);

/// <summary>An inbound message as the holding pen shows it; <see cref="Text"/> only in the detail (the text body, never HTML).</summary>
public sealed record InboundView(
    string Id,
    InboundStatus Status,
    DateTimeOffset ReceivedAt,
    string From,
    string? FromName,
    IReadOnlyList<string> Recipients,
    string Subject,
    DateTimeOffset? SentAt,
    string? MessageId,
    string? Spf,
    string? Dkim,
    bool SpfPassed,
    bool DkimPassed,
    IReadOnlyList<InboundAttachmentView> Attachments,
    PenReason? Reason,
    string? ReasonDetail,
    string? Liaison,
    string? Group,
    string? Reference,
    IReadOnlyList<InboundStep> Steps,
    string? Text = null,
    IReadOnlyList<PenCandidate>? Candidates = null)
{
    public static InboundView Of(InboundRecord r, string? text = null, IReadOnlyList<PenCandidate>? candidates = null) => new(
        r.Id, r.State, r.ReceivedAt, r.FromAddress, r.FromName, r.RecipientList, r.Subject, r.SentAt, r.MessageId, r.Spf, r.Dkim, r.SpfPassed, r.DkimPassed,
        [.. r.AttachmentList.Select((a, i) => new InboundAttachmentView(i + 1, a.FileName, a.ContentType, a.Length, a.Sha256,
            $"/api/inbound/{Uri.EscapeDataString(r.Id)}/attachments/{i + 1}"))],
        r.State == InboundStatus.Unmatched ? r.Why : null, r.State == InboundStatus.Unmatched ? r.ReasonDetail : null,
        r.LiaisonId, r.GroupId, r.Reference, r.StepList, text, candidates);
}
