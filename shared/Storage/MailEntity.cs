using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LiaisonFlow.Domain;
using LiaisonFlow.Mail;

namespace LiaisonFlow.Storage;

/// <summary>
/// One mail in an LS's partition: the transactional outbox. It is written in the same transaction as
/// the change that causes it (dispatch, a chaser round, the closing), so a mail exists exactly when
/// its cause does; delivery then moves it Queued → Sending → Sent or Refused.
/// </summary>
public sealed class MailEntity : ITableEntity
{
    /// <summary>Azure Table holds 32K UTF-16 characters per string property; bodies are kept well under.</summary>
    public const int MaxBodyChars = 30_000;

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Key { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>Copies with the same batch id go to the provider in one request (one chaser round: one request).</summary>
    public string BatchId { get; set; } = "";
    public string To { get; set; } = "[]";
    public string Subject { get; set; } = "";
    public string BodyTemplate { get; set; } = "";
    public string Values { get; set; } = "{}";
    public string? ReplyTo { get; set; }
    public string MessageId { get; set; } = "";
    public string Status { get; set; } = nameof(MailStatus.Queued);
    public string? Transport { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? Error { get; set; }

    [IgnoreDataMember]
    public MailStatus State => Enum.TryParse<MailStatus>(Status, out var s) ? s : MailStatus.Queued;
    [IgnoreDataMember]
    public MailKind MailKind => Enum.TryParse<MailKind>(Kind, out var k) ? k : MailKind.Dispatch;

    public static MailEntity Queue(string liaisonId, MailKind kind, string batchId, BatchRecipient copy, string bodyTemplate, MailRecipient? replyTo, DateTimeOffset at) => new()
    {
        PartitionKey = liaisonId,
        RowKey = LiaisonRows.Mail(copy.Key),
        Key = copy.Key,
        Kind = kind.ToString(),
        BatchId = batchId,
        To = JsonSerializer.Serialize(copy.To),
        Subject = copy.Subject,
        BodyTemplate = bodyTemplate.Length <= MaxBodyChars ? bodyTemplate : bodyTemplate[..MaxBodyChars] + "\n[…]",
        Values = JsonSerializer.Serialize(copy.Values),
        ReplyTo = replyTo is null ? null : JsonSerializer.Serialize(replyTo),
        MessageId = copy.MessageId ?? "",
        CreatedAt = at,
    };

    [IgnoreDataMember]
    public IReadOnlyList<MailRecipient> Recipients => JsonSerializer.Deserialize<MailRecipient[]>(To) ?? [];

    public BatchRecipient Copy() => new(Key, Recipients, Subject,
        JsonSerializer.Deserialize<Dictionary<string, string>>(Values) ?? [], string.IsNullOrEmpty(MessageId) ? null : MessageId);

    [IgnoreDataMember]
    public MailRecipient? ReplyToRecipient => ReplyTo is null ? null : JsonSerializer.Deserialize<MailRecipient>(ReplyTo);

    public MailLogEntry ToLogEntry() => new(PartitionKey, Key, MailKind, [.. Recipients.Select(r => r.Email)], Subject, State, Transport,
        CreatedAt, SentAt, ProviderMessageId, Attempts, Error, MessageId);
}
