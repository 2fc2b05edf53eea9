using System.Globalization;
using System.Text;
using LiaisonFlow.Domain;
using LiaisonFlow.Mail;

namespace LiaisonFlow.Workflow;

/// <summary>The wording of the mails LiaisonFlow sends.</summary>
public static class LiaisonMails
{
    static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string DispatchKey(string groupId) => $"dispatch|{groupId}";
    public static string ChairReminderKey(DateTimeOffset waitingSince) => $"chair-reminder|{waitingSince.UtcDateTime:yyyyMMddHHmmss}";

    public static string PurposeText(Purpose purpose) => purpose switch
    {
        Purpose.Action => "for action",
        Purpose.Comment => "for comment",
        _ => "for information",
    };

    public static string DeadlineText(Deadline deadline) =>
        deadline.IsNone ? "no reply deadline"
        : $"{deadline.Raw} ({deadline.Date!.Value.ToString("d MMMM yyyy", English)}, end of day Geneva time)";

    public static OutgoingMail Dispatch(LiaisonStatement ls, Addressee addressee, Group group, Meeting? meeting, IReadOnlyList<LiaisonDocument> documents, string publicBaseUrl)
    {
        var number = ls.Number?.ToString() ?? "(unnumbered LS)";
        var purpose = PurposeText(addressee.Purpose);
        var subject = $"{number}: {ls.Title} [{purpose}" + (addressee.Deadline.IsNone ? "]" : $", reply {addressee.Deadline.Raw}]");

        var body = new StringBuilder();
        body.AppendLine($"To: {group.Name}");
        body.AppendLine();
        body.AppendLine($"{ls.SourceBody}{(meeting is null ? "" : $", at its meeting {meeting.Title},")} agreed the liaison statement {number}, \"{ls.Title}\", which is sent to you {purpose}.");
        if (ls.Subject is not null) body.AppendLine().AppendLine($"Subject: {ls.Subject}");
        body.AppendLine();
        body.AppendLine($"Source: {ls.SourceBody}{(ls.SourceGroup is null ? "" : $" ({ls.SourceGroup})")}");
        if (ls.Td is not null) body.AppendLine($"Document: {ls.Td.Display}");
        foreach (var d in documents) body.AppendLine($"  {DocumentUrl(publicBaseUrl, ls.Id, d.FileName)}");
        if (documents.Count == 0) body.AppendLine($"  {publicBaseUrl.TrimEnd('/')}/api/liaisons/{Uri.EscapeDataString(ls.Id)}");
        body.AppendLine($"Deadline: {DeadlineText(addressee.Deadline)}");
        body.AppendLine();
        if (addressee.Purpose.ExpectsReply())
            body.AppendLine($"Please send your reply as a liaison statement to {ReplyAddress(ls, meeting)}, quoting {number}.");
        else
            body.AppendLine("No reply is expected.");
        if (ls.Contact is not null) body.AppendLine($"Contact: {ls.Contact.Name} <{ls.Contact.Email}>");

        return new OutgoingMail(ls.Id, DispatchKey(group.Id), MailKind.Dispatch,
            [new MailRecipient(group.Email!, group.Name)], OneLine(subject), body.ToString(),
            SecretariatOf(meeting));
    }

    public static OutgoingMail ChairReminder(LiaisonStatement ls, Meeting meeting, DateTimeOffset waitingSince, string publicBaseUrl)
    {
        var chair = meeting.Chair!;
        var subject = $"Awaiting the plenary's decision: {ls.Td?.ToString() ?? ls.Id} \"{ls.Title}\"";
        var body = new StringBuilder();
        body.AppendLine($"Dear {chair.Name},");
        body.AppendLine();
        body.AppendLine($"The draft LS \"{ls.Title}\"{(ls.Td is null ? "" : $" ({ls.Td.Display})")} from {ls.SourceGroup ?? ls.SourceBody} was submitted on {waitingSince.UtcDateTime.ToString("d MMMM yyyy HH:mm 'UTC'", English)} and awaits the plenary's decision: endorse, reject or hold.");
        body.AppendLine();
        body.AppendLine($"{publicBaseUrl.TrimEnd('/')}/api/liaisons/{Uri.EscapeDataString(ls.Id)}");
        return new OutgoingMail(ls.Id, ChairReminderKey(waitingSince), MailKind.ChairReminder,
            [new MailRecipient(chair.Email, chair.Name)], OneLine(subject), body.ToString());
    }

    public static string ReplyDocumentUrl(string publicBaseUrl, string liaisonId, string groupId, string fileName) =>
        $"{publicBaseUrl.TrimEnd('/')}/api/liaisons/{Uri.EscapeDataString(liaisonId)}/replies/{Uri.EscapeDataString(groupId)}/documents/{Uri.EscapeDataString(fileName)}";

    public static string DocumentUrl(string publicBaseUrl, string liaisonId, string fileName) =>
        $"{publicBaseUrl.TrimEnd('/')}/api/liaisons/{Uri.EscapeDataString(liaisonId)}/documents/{Uri.EscapeDataString(fileName)}";

    static string ReplyAddress(LiaisonStatement ls, Meeting? meeting) =>
        meeting?.Secretariat?.Email ?? ls.Contact?.Email ?? "the secretariat";

    /// <summary>Replies to LiaisonFlow's mails go to the meeting's secretariat, when it has one.</summary>
    internal static MailRecipient? SecretariatOf(Meeting? meeting) =>
        meeting?.Secretariat is { } s ? new MailRecipient(s.Email, s.Name) : null;

    // Titles come from imports and people: never let one break a mail header.
    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
