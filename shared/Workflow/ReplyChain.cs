using LiaisonFlow.Domain;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Workflow;

/// <summary>
/// The reply chain between LSs, each link made in two guarded changes (one per LS's partition): the LS
/// that triggers it records the link last, under a key, so until it has, the workflow's step makes the
/// link again; the first change is idempotent. A crash between the two loses nothing.
/// <list type="bullet">
/// <item>An outgoing LS <c>inReplyTo</c> an incoming one, once sent: the incoming one is answered (its obligation closed).</item>
/// <item>An incoming LS that <c>repliesTo</c> one of ours: it is registered there as its sender's reply.</item>
/// </list>
/// </summary>
public sealed class ReplyChain(LiaisonLedger ledger, GroupStore groups)
{
    public const string Actor = "LiaisonFlow";

    public static string AnsweredKey(string incomingId) => $"answers|{incomingId}";

    public static string AnsweredByKey(string outgoingId) => $"answered-by|{outgoingId}";

    public static string ReplyRegisteredKey(string ourId) => $"replies-to|{ourId}";

    /// <summary>The link this LS still owes the chain, if any (the step calls the one it names).</summary>
    public static bool OwesAnswerLink(LiaisonSnapshot s) =>
        s.Liaison is { Direction: Direction.Outgoing, InReplyTo: { } target } && LiaisonRules.IsSent(s.State) && !s.HasHistory(AnsweredKey(target));

    public static bool OwesReplyLink(LiaisonSnapshot s) =>
        s.Liaison is { Direction: Direction.Incoming, RepliesTo: { } target } && !s.HasHistory(ReplyRegisteredKey(target));

    /// <summary>The sent LS answers the incoming one it names: that one is Answered (history on both). True when something was written.</summary>
    public async Task<bool> LinkAnswerAsync(LiaisonSnapshot sent, DateTimeOffset at, CancellationToken ct = default)
    {
        var ls = sent.Liaison;
        if (!OwesAnswerLink(sent)) return false;
        var incomingId = ls.InReplyTo!;
        var number = ls.Number?.ToString() ?? ls.Id;
        var answered = await ledger.ChangeAsync(incomingId, LiaisonChanges.Answer(ls.Id, number, ls.DispatchedOn ?? Geneva.DateOf(at),
            new HistoryEntry(at, AnsweredByKey(ls.Id), LiaisonEvent.Answered, Actor, $"Answered by {number} ({ls.Id}), sent on {ReplyMails.Date(ls.DispatchedOn ?? Geneva.DateOf(at))}.", null)), ct);
        // The incoming LS gone (it cannot be: it was checked when named) or refusing: the link is recorded as not made, once.
        var detail = answered.Succeeded
            ? $"Answers the incoming LS {answered.Current?.Liaison.Number?.ToString() ?? incomingId} ({incomingId}); its obligation is closed."
            : $"Names {incomingId} as the LS it answers, but that LS was not marked answered: {answered.Message}";
        var recorded = await ledger.ChangeAsync(ls.Id, LiaisonChanges.Record(new HistoryEntry(at, AnsweredKey(incomingId), LiaisonEvent.Answered, Actor, detail, null)), ct);
        return recorded.Outcome == ChangeOutcome.Applied;
    }

    /// <summary>The incoming LS is registered as its sender's reply to our LS it names (history on both). True when something was written.</summary>
    public async Task<bool> LinkReplyAsync(LiaisonSnapshot incoming, DateTimeOffset at, CancellationToken ct = default)
    {
        var ls = incoming.Liaison;
        if (!OwesReplyLink(incoming)) return false;
        var ourId = ls.RepliesTo!;
        var directory = await groups.GetDirectoryAsync(ct);
        var sender = directory.Find(ls.SenderGroupId ?? "");
        var groupId = sender?.Id ?? ls.SenderGroupId ?? ls.SourceBody;
        var reference = ls.Number?.ToString() ?? ls.Td?.ToString() ?? ls.Id;
        var receivedOn = ls.ReceivedOn ?? Geneva.DateOf(ls.CreatedAt);
        var result = await ledger.ChangeAsync(ourId, (s, c) =>
        {
            var addressee = s.Liaison.Addressees.FirstOrDefault(a => a.GroupId == groupId);
            var reply = new Reply(groupId, sender?.Name ?? groupId, reference, receivedOn, $"Registered as the incoming LS {ls.Id}.", null,
                addressee?.Purpose.ExpectsReply() == true, at, Actor, ls.Id);
            var entry = new HistoryEntry(at, $"reply:{Reply.Key(groupId, reference)}", LiaisonEvent.ReplyReceived, Actor,
                $"{reply.GroupName} replied with {reference} on {ReplyMails.Date(receivedOn)} (the incoming LS {ls.Id}).", null);
            return LiaisonChanges.RecordReply(reply, entry, null, null)(s, c);
        }, ct);
        var detail = result.Succeeded
            ? $"Registered as {sender?.Name ?? groupId}'s reply to {result.Current?.Liaison.Number?.ToString() ?? ourId} ({ourId})."
            : $"Replies to {ourId}, but it was not registered there: {result.Message}";
        var recorded = await ledger.ChangeAsync(ls.Id, LiaisonChanges.Record(new HistoryEntry(at, ReplyRegisteredKey(ourId), LiaisonEvent.ReplyReceived, Actor, detail, null)), ct);
        return recorded.Outcome == ChangeOutcome.Applied;
    }
}
