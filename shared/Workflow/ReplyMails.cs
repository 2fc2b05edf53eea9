using System.Globalization;
using System.Text;
using LiaisonFlow.Domain;
using LiaisonFlow.Mail;

namespace LiaisonFlow.Workflow;

/// <summary>The wording of chasers, escalations and the closing summary.</summary>
public static class ReplyMails
{
    static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The closing summary goes once per LS.</summary>
    public const string SummaryKey = "summary";

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", English);

    // How the mails name an LS: its number, else its TD, else its id.
    static string NumberOf(LiaisonStatement ls) => ls.Number?.ToString() ?? ls.Td?.ToString() ?? ls.Id;

    /// <summary>"7 days left", "due today", "overdue by 3 days", counted in Geneva calendar days.</summary>
    public static string DaysText(DateOnly deadline, DateOnly today) => (deadline.DayNumber - today.DayNumber) switch
    {
        > 1 and var d => $"{d} days left",
        1 => "1 day left",
        0 => "due today",
        -1 => "overdue by 1 day",
        var d => $"overdue by {-d} days",
    };

    /// <summary>All chasers due for one LS at one moment: one batch, one personalisation per group.</summary>
    public static MailBatch Chasers(LiaisonStatement ls, Meeting? meeting, IReadOnlyList<(ChaserSlot Slot, Addressee Addressee, Group Group)> due,
        IReadOnlyList<LiaisonDocument> documents, DateOnly today, string publicBaseUrl)
    {
        var number = NumberOf(ls);
        var body = new StringBuilder();
        body.AppendLine("To: -groupName-");
        body.AppendLine();
        body.AppendLine($"This is a reminder that {number}, \"{LiaisonMails.OneLine(ls.Title)}\"{(ls.Td is null ? "" : $" ({ls.Td.Display})")}, was sent to you -purpose- by {ls.SourceBody}, and your reply is still awaited.");
        body.AppendLine();
        body.AppendLine("Deadline: -deadline- (-deadlineDate-, end of day Geneva time): -daysText-.");
        body.AppendLine();
        foreach (var d in documents) body.AppendLine($"Document: {LiaisonMails.DocumentUrl(publicBaseUrl, ls.Id, d.FileName)}");
        if (documents.Count == 0) body.AppendLine($"The LS: {publicBaseUrl.TrimEnd('/')}/api/liaisons/{Uri.EscapeDataString(ls.Id)}");
        var replyTo = meeting?.Secretariat?.Email ?? ls.Contact?.Email;
        body.AppendLine($"Please send your reply as a liaison statement to {replyTo ?? "the secretariat"}, quoting {number}.");
        body.AppendLine("If you have replied already, please let the secretariat know where the reply went and disregard this reminder.");

        var recipients = due.Select(d =>
        {
            var deadline = d.Addressee.Deadline;
            var days = DaysText(deadline.Date!.Value, today);
            return new BatchRecipient(d.Slot.Key, [new MailRecipient(d.Group.Email!, d.Group.Name)],
                LiaisonMails.OneLine($"Reminder: {number} \"{ls.Title}\" — reply {deadline.Raw} ({days})"),
                new Dictionary<string, string>
                {
                    ["-groupName-"] = d.Group.Name,
                    ["-purpose-"] = LiaisonMails.PurposeText(d.Addressee.Purpose),
                    ["-deadline-"] = deadline.Raw,
                    ["-deadlineDate-"] = Date(deadline.Date!.Value),
                    ["-daysText-"] = days,
                });
        }).ToList();
        return new MailBatch(ls.Id, MailKind.Chaser, body.ToString(), recipients,
            LiaisonMails.SecretariatOf(meeting));
    }

    public static OutgoingMail Escalation(LiaisonStatement ls, Meeting meeting, EscalationSlot slot, GroupDirectory directory, DateOnly today)
    {
        var number = NumberOf(ls);
        var to = new[] { meeting.Chair, meeting.Secretariat }.OfType<Contact>().Select(c => new MailRecipient(c.Email, c.Name)).DistinctBy(r => r.Email).ToList();
        var body = new StringBuilder();
        body.AppendLine($"The deadline of {number}, \"{LiaisonMails.OneLine(ls.Title)}\", was {Date(slot.DeadlineDate)} ({DaysText(slot.DeadlineDate, today)}).");
        body.AppendLine($"These {slot.GroupIds.Count} group(s) have not replied:");
        foreach (var id in slot.GroupIds) body.AppendLine($"  - {directory.Find(id)?.Name ?? id}");
        var replied = ls.Addressees.Where(a => a.ReplyStatus == ReplyStatus.Received).ToList();
        if (replied.Count > 0)
        {
            body.AppendLine("Replies received:");
            foreach (var a in replied) body.AppendLine($"  - {directory.Find(a.GroupId)?.Name ?? a.GroupId}: {a.ReplyReference} ({(a.RepliedOn is { } on ? Date(on) : "date unknown")})");
        }
        return new OutgoingMail(ls.Id, slot.Key, MailKind.Escalation, to,
            LiaisonMails.OneLine($"Overdue replies to {number} \"{ls.Title}\": {slot.GroupIds.Count} group(s) silent"), body.ToString());
    }

    public static OutgoingMail Summary(LiaisonStatement ls, IReadOnlyList<Reply> replies, GroupDirectory directory, string reason, Meeting? meeting)
    {
        var number = NumberOf(ls);
        var body = new StringBuilder();
        body.AppendLine($"{number}, \"{LiaisonMails.OneLine(ls.Title)}\", is closed: {reason}");
        body.AppendLine();
        foreach (var a in ls.Addressees.Where(a => a.Purpose.ExpectsReply()))
        {
            var name = directory.Find(a.GroupId)?.Name ?? a.GroupId;
            body.AppendLine(a.ReplyStatus == ReplyStatus.Received
                ? $"  - {name}: replied {(a.RepliedOn is { } on ? Date(on) : "")} with {a.ReplyReference}"
                : $"  - {name}: no reply");
        }
        var unsolicited = replies.Where(r => !r.Solicited).ToList();
        if (unsolicited.Count > 0)
        {
            body.AppendLine("Also received:");
            foreach (var r in unsolicited) body.AppendLine($"  - {r.GroupName}: {r.Reference} ({Date(r.ReceivedOn)})");
        }
        return new OutgoingMail(ls.Id, SummaryKey, MailKind.Summary, [new MailRecipient(ls.Contact!.Email, ls.Contact.Name)],
            LiaisonMails.OneLine($"Closed: {number} \"{ls.Title}\""), body.ToString(),
            LiaisonMails.SecretariatOf(meeting));
    }
}
