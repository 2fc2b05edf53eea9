using Azure;
using Azure.Data.Tables;

namespace LiaisonFlow.Storage;

/// <summary>
/// One LS event as the Atom feed shows it: a copy of the history line with the LS's number and title,
/// so a feed request reads only Feed rows. Stored under the event's month, newest first.
/// </summary>
public sealed class FeedEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string LiaisonId { get; set; } = "";
    public string MeetingId { get; set; } = "";
    /// <summary>The history line's row key in the LS's partition; it never changes, so the feed entry's id is built from it.</summary>
    public string HistoryRowKey { get; set; } = "";
    public string Event { get; set; } = "";
    public string Detail { get; set; } = "";
    public string? State { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Number { get; set; }
    public string Title { get; set; } = "";

    /// <summary>Keys and fields, for telling a row already written from one that changed.</summary>
    public string Content() => string.Join('\u001f', PartitionKey, RowKey, LiaisonId, MeetingId, HistoryRowKey, Event, Detail, State,
        At.UtcDateTime.ToString("O"), Number, Title);
}
