using Azure;
using Azure.Data.Tables;

namespace LiaisonFlow.Storage;

/// <summary>
/// One reply owed by one group for one LS, as the dashboard reads it. Stored twice — under the group
/// ("what does SG17 owe") and under the deadline's month ("what is due in the next 14 days") — so
/// either question reads an index partition, not the whole Liaisons table.
/// </summary>
public sealed class OutstandingEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string LiaisonId { get; set; } = "";
    public string MeetingId { get; set; } = "";
    public string? Number { get; set; }
    public string Title { get; set; } = "";
    public string LiaisonState { get; set; } = "";
    public string GroupId { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string DeadlineRaw { get; set; } = "";
    /// <summary>yyyy-MM-dd, or null when the group has no deadline.</summary>
    public string? DeadlineDate { get; set; }
    public string? SentOn { get; set; }
    public string? RepliedOn { get; set; }
    public string? ReplyReference { get; set; }
    /// <summary>The day the LS was closed by hand or withdrawn: nothing is owed after it.</summary>
    public string? EndedOn { get; set; }
    public DateTimeOffset? LastChaserAt { get; set; }
    /// <summary>"Incoming": a reply our own group owes (we owe); null: one owed to us.</summary>
    public string? Direction { get; set; }
}
