using System.Text;
using LiaisonFlow.Domain;
using LiaisonFlow.Mail;
using LiaisonFlow.Workflow;

namespace LiaisonFlow.Inbound;

/// <summary>The short mail that tells the sender of a registered reply what it was recorded as.</summary>
public static class Acknowledgements
{
    /// <summary>One per inbound message.</summary>
    public static string Key(string inboundId) => $"acknowledgement|{inboundId}";

    public static OutgoingMail For(LiaisonStatement ls, string groupName, string reference, DateOnly receivedOn, string sender, string subject, string inboundId, MailRecipient? replyTo)
    {
        var number = ls.Number?.ToString() ?? ls.Td?.ToString() ?? ls.Id;
        var body = new StringBuilder();
        body.AppendLine($"Your mail \"{LiaisonMails.OneLine(subject)}\" has been recorded as the reply of {groupName} to {number}, \"{LiaisonMails.OneLine(ls.Title)}\":");
        body.AppendLine();
        body.AppendLine($"  LS:        {number} ({ls.SourceBody})");
        body.AppendLine($"  Group:     {groupName}");
        body.AppendLine($"  Reference: {reference}");
        body.AppendLine($"  Received:  {ReplyMails.Date(receivedOn)}");
        body.AppendLine();
        body.AppendLine("No further reminders about this LS will be sent to your group. If this is wrong, please tell the secretariat.");
        return new OutgoingMail(ls.Id, Key(inboundId), MailKind.ReplyAcknowledgement, [new MailRecipient(sender)],
            LiaisonMails.OneLine($"Recorded: reply of {groupName} to {number}"), body.ToString(), replyTo);
    }
}
