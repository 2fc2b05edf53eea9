using LiaisonFlow.Domain;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Workflow;

/// <summary>
/// Every change an LS can undergo, as a decision on the stored LS for <see cref="LiaisonLedger.ChangeAsync"/>:
/// each states the state(s) it expects, is a no-op when its key shows it was done, and names what it
/// writes. The API handlers, the workflow's steps and the importer all change an LS through these.
/// </summary>
public static class LiaisonChanges
{
    static string Verb(CommandKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A plenary or rapporteur decision, or the secretariat closing the LS: the command table decides.</summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> Command(
        CommandKind kind, string key, string actor, DateTimeOffset at, DateOnly today, LsNumber? number = null, string? reason = null) => (s, c) =>
    {
        if (s.HasHistory(key)) return Verdict.AlreadyApplied;
        if (!LiaisonTransitions.TryNext(s.State, kind, out var next))
            return Verdict.Refuse($"An LS in state {s.State} cannot take \"{Verb(kind)}\".", "state");
        if (number is not null && s.Liaison.Number is { } held && held != number)
            return Verdict.Refuse($"The LS is already numbered {held}.", "number");

        var ls = s.Liaison with { State = next };
        if (next == LiaisonState.AwaitingEndorsement) ls = ls with { AwaitingDecisionSince = at };
        if (next == LiaisonState.Endorsed) ls = ls with { EndorsedOn = ls.EndorsedOn ?? today, RequestedNumber = number ?? ls.RequestedNumber };
        var detail = next == LiaisonState.Closed ? $"Closed: {reason ?? "closed by the secretariat."}"
            : reason is null ? kind.ToString() : $"{kind}: {reason}";
        c.Set(ls).History(new HistoryEntry(at, key, LiaisonEvent.StateChanged, actor, detail, next));
        c.ForWorkflow = true;
        return Verdict.Apply;
    };

    /// <param name="acknowledgement">A mail to the reply's sender, queued with the reply, so it goes at most once (the reply's key decides).</param>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> RecordReply(Reply reply, HistoryEntry entry, LiaisonDocument? document, HistoryEntry? documentEntry,
        MailEntity? acknowledgement = null) => (s, c) =>
    {
        if (!LiaisonRules.AcceptsReplies(s.State))
            return Verdict.Refuse($"An LS in state {s.State} has not been sent, so it takes no replies.", "state");
        var key = Reply.Key(reply.GroupId, reply.Reference);
        if (s.Details.Replies.Any(r => Reply.Key(r.GroupId, r.Reference) == key)) return Verdict.AlreadyApplied;

        c.Upsert(ReplyEntity.From(s.Id, reply)).History(entry);
        if (document is not null)
        {
            c.Upsert(DocumentEntity.From(s.Id, document, LiaisonRows.ReplyDocument(reply.GroupId, document.FileName)));
            if (documentEntry is not null) c.History(documentEntry);
        }
        // An informed group's reply is recorded against it too (it was unsolicited, but it came).
        if (s.Liaison.Addressees.FirstOrDefault(a => a.GroupId == reply.GroupId) is { ReplyStatus: not ReplyStatus.Received } addressee)
            c.Upsert(AddresseeEntity.From(s.Id, addressee with { ReplyStatus = ReplyStatus.Received, ReplyReference = reply.Reference, RepliedOn = reply.ReceivedOn }));
        // Reply tracking looks again: the group's chasers stop, and the last reply closes the LS.
        c.ForWorkflow = s.State == LiaisonState.AwaitingReplies;
        if (acknowledgement is not null && s.Mail.All(m => m.Key != acknowledgement.Key))
        {
            c.Upsert(acknowledgement);
            c.ForWorkflow = true; // the workflow sends the LS's queued mail, whatever its state
        }
        return Verdict.Apply;
    };

    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> ChangeDeadline(string groupId, Deadline deadline, Func<Addressee, HistoryEntry> entry) => (s, c) =>
    {
        if (!LiaisonRules.AcceptsDeadlineChange(s.State))
            return Verdict.Refuse($"An LS in state {s.State} takes no deadline changes.", "state");
        var addressee = s.Liaison.Addressees.FirstOrDefault(a => a.GroupId == groupId);
        if (addressee is null) return Verdict.Refuse($"\"{groupId}\" is not an addressee of LS \"{s.Id}\".", "group");
        if (addressee.Deadline.Raw == deadline.Raw) return Verdict.AlreadyApplied;
        c.Upsert(AddresseeEntity.From(s.Id, addressee with { Deadline = deadline })).History(entry(addressee));
        c.ForWorkflow = true;
        return Verdict.Apply;
    };

    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> SetChasing(bool enabled, DateTimeOffset calendarNow, HistoryEntry entry) => (s, c) =>
    {
        if (!LiaisonRules.AcceptsChasingChange(s.State))
            return Verdict.Refuse($"Only an LS awaiting replies is chased; this one is {s.State}.", "state");
        if (enabled == s.Liaison.ChasingSince is not null) return Verdict.AlreadyApplied;
        c.Set(s.Liaison with { ChasingSince = enabled ? calendarNow : null }).History(entry);
        c.ForWorkflow = true;
        return Verdict.Apply;
    };

    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> AddDocument(LiaisonDocument document, HistoryEntry entry) => (s, c) =>
    {
        if (!LiaisonRules.AcceptsDocuments(s.State)) return Verdict.Refuse($"The LS is {s.State}; its documents are frozen.", "state");
        if (s.HasHistory(entry.Key) && s.Details.Documents.Any(d => d.FileName == document.FileName && d.Sha256 == document.Sha256))
            return Verdict.AlreadyApplied;
        c.Upsert(DocumentEntity.From(s.Id, document)).History(entry);
        return Verdict.Apply;
    };

    /// <summary>
    /// A rapporteur's correction of a draft, with one history line listing each change (old → new); nothing
    /// written when nothing changes. <paramref name="expectedVersion"/> (If-Match) refuses it, naming "If-Match",
    /// when the LS changed since the editor read it. Addressees the edit drops are deleted, new or changed ones written.
    /// </summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> EditDraft(DraftEdit edit, int? expectedVersion, string key, string actor, DateTimeOffset at) => (s, c) =>
    {
        if (s.HasHistory(key)) return Verdict.AlreadyApplied;
        if (expectedVersion is { } expected && s.Version != expected)
            return Verdict.Refuse($"The LS is at version {s.Version}, not {expected}: it changed since it was read. Read it again.", "If-Match");
        if (s.State != LiaisonState.Draft) return Verdict.Refuse($"Only a draft is edited; this LS is {s.State}.", "state");

        var after = edit.ApplyTo(s.Liaison);
        var differences = DraftEdit.Differences(s.Liaison, after);
        if (differences.Count == 0) return Verdict.AlreadyApplied;
        var kept = after.Addressees.Select(a => a.GroupId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in s.Liaison.Addressees.Where(a => !kept.Contains(a.GroupId))) c.Delete(AddresseeEntity.From(s.Id, gone));
        foreach (var addressee in after.Addressees.Where(a => !s.Liaison.Addressees.Contains(a))) c.Upsert(AddresseeEntity.From(s.Id, addressee));
        // One transaction holds the record, the history line and every addressee row written or deleted.
        if (c.RowCount + 1 > LiaisonLedger.MaxRowsPerChange)
            return Verdict.Refuse($"This edit replaces {c.RowCount} addressee groups; one edit replaces at most {LiaisonLedger.MaxRowsPerChange - 1}. Make it in two edits.", "addressees");
        c.Set(after).History(new HistoryEntry(at, key, LiaisonEvent.DraftEdited, actor, $"Edited: {string.Join("; ", differences)}.", null));
        return Verdict.Apply;
    };

    /// <summary>The number reserved for an endorsed LS, recorded on it.</summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> AssignNumber(LsNumber number, HistoryEntry entry) => (s, c) =>
    {
        if (s.Liaison.Number == number) return Verdict.AlreadyApplied;
        if (s.State != LiaisonState.Endorsed || s.Liaison.Number is not null)
            return Verdict.Refuse($"An LS in state {s.State}{(s.Liaison.Number is { } n ? $" numbered {n}" : "")} is not numbered again.", "state");
        c.Set(s.Liaison with { Number = number }).History(entry);
        return Verdict.Apply;
    };

    /// <summary>Sends a numbered, endorsed LS: its mails are queued in the same transaction that records it sent.</summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> Dispatch(
        Func<LiaisonSnapshot, (IReadOnlyList<MailEntity> Mails, HistoryEntry Dispatched)> build, DateOnly today, DateTimeOffset calendarNow, DateTimeOffset at) => (s, c) =>
    {
        if (LiaisonRules.IsSent(s.State)) return Verdict.AlreadyApplied;
        if (s.State != LiaisonState.Endorsed || s.Liaison.Number is null)
            return Verdict.Refuse($"Only an endorsed, numbered LS is sent; this one is {s.State}.", "state");
        var (mails, dispatched) = build(s);
        var awaitsReplies = s.Liaison.Addressees.Any(a => a.Purpose.ExpectsReply());
        var next = awaitsReplies ? LiaisonState.AwaitingReplies : LiaisonState.Dispatched;
        c.Set(s.Liaison with
        {
            State = next,
            DispatchedOn = s.Liaison.DispatchedOn ?? today,
            // From now on, the groups that owe a reply are chased.
            ChasingSince = awaitsReplies ? s.Liaison.ChasingSince ?? calendarNow : s.Liaison.ChasingSince,
        }).History(dispatched);
        if (awaitsReplies)
            c.History(new HistoryEntry(dispatched.At.AddTicks(1), dispatched.Key + ":awaiting", LiaisonEvent.StateChanged, "LiaisonFlow",
                "Waiting for replies from the groups addressed for action or comment.", LiaisonState.AwaitingReplies));
        foreach (var mail in mails) c.Upsert(mail);
        return Verdict.Apply;
    };

    /// <summary>Queues a mail (with its history line) while the LS is in one of <paramref name="states"/>; once per key.</summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> QueueMail(MailEntity mail, HistoryEntry? entry, params LiaisonState[] states) => (s, c) =>
    {
        if (s.Mail.Any(m => m.Key == mail.Key)) return Verdict.AlreadyApplied;
        if (!states.Contains(s.State)) return Verdict.Refuse($"No {mail.Kind} mail for an LS in state {s.State}.", "state");
        c.Upsert(mail);
        if (entry is not null) c.History(entry);
        return Verdict.Apply;
    };

    /// <summary>Closes an LS whose every reply is in.</summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> CloseAllReplied(DateTimeOffset at) => (s, c) =>
    {
        if (s.State == LiaisonState.Closed) return Verdict.AlreadyApplied;
        if (s.State != LiaisonState.AwaitingReplies || !ReplyTracking.AllReplied(s.Liaison.Addressees))
            return Verdict.Refuse($"An LS in state {s.State} is not closed by its replies.", "state");
        c.Set(s.Liaison with { State = LiaisonState.Closed }).History(new HistoryEntry(at, "all-replied", LiaisonEvent.StateChanged, "LiaisonFlow",
            "Closed: every group addressed for action or comment has replied.", LiaisonState.Closed));
        return Verdict.Apply;
    };

    /// <summary>One reply-tracking round, worked out from the stored LS by <paramref name="plan"/> (rows: track steps, history lines, mails).</summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> Track(Func<LiaisonSnapshot, IReadOnlyList<Azure.Data.Tables.ITableEntity>> plan) => (s, c) =>
    {
        if (!LiaisonRules.IsTracked(s.State) || s.Liaison.ChasingSince is null) return Verdict.AlreadyApplied;
        var rows = plan(s);
        if (rows.Count == 0) return Verdict.AlreadyApplied;
        foreach (var row in rows) c.Upsert(row);
        return Verdict.Apply;
    };

    /// <summary>
    /// An incoming LS answered by one of ours that was sent: what its responsible group owed is received
    /// (the answer's number as the reference) and, while it was Received, it is Answered. Once per answering LS.
    /// </summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> Answer(string answeringId, string answeringNumber, DateOnly sentOn, HistoryEntry entry) => (s, c) =>
    {
        if (s.HasHistory(entry.Key)) return Verdict.AlreadyApplied;
        if (s.Liaison.Direction != Direction.Incoming) return Verdict.Refuse($"LS \"{s.Id}\" is not an incoming LS; only an incoming LS is answered.", "inReplyTo");
        // Noted or closed by hand meanwhile: the answer is still recorded, the state stays.
        var ls = s.Liaison with
        {
            State = s.State == LiaisonState.Received ? LiaisonState.Answered : s.State,
            AnsweredBy = s.Liaison.AnsweredBy ?? answeringId,
            ChasingSince = null,
        };
        c.Set(ls).History(entry with { State = ls.State == s.State ? null : ls.State });
        foreach (var owing in s.Liaison.Addressees.Where(a => a.OwesReply))
            c.Upsert(AddresseeEntity.From(s.Id, owing with { ReplyStatus = ReplyStatus.Received, ReplyReference = answeringNumber, RepliedOn = sentOn }));
        // Its own orchestration stops chasing and finishes: marked pending, the recovery sweep nudges it if nothing else does.
        c.ForWorkflow = true;
        return Verdict.Apply;
    };

    /// <summary>A history line alone (the reply chain's record that a link was made), once per key.</summary>
    public static Func<LiaisonSnapshot, LiaisonChange, Verdict> Record(HistoryEntry entry) => (s, c) =>
    {
        if (s.HasHistory(entry.Key)) return Verdict.AlreadyApplied;
        c.History(entry);
        return Verdict.Apply;
    };
}
