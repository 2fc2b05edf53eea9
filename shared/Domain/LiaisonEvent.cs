namespace LiaisonFlow.Domain;

/// <summary>
/// What a line of an LS's history records. Stored by name; the feed, the indexes and the views switch
/// over it, so a new kind of event is a compile error wherever it must be handled.
/// </summary>
public enum LiaisonEvent
{
    Created,
    Imported,
    /// <summary>A command moved the LS (submit, endorse, reject, hold, release, withdraw, close) or the workflow did.</summary>
    StateChanged,
    Numbered,
    Dispatched,
    ChairReminded,
    DocumentUploaded,
    ReplyReceived,
    DeadlineChanged,
    ChasingStarted,
    ChasingStopped,
    ChasersSent,
    Overdue,
    Escalated,
    /// <summary>The mail provider refused a copy for good (e.g. a bad address); TSB must act.</summary>
    MailRefused,
    /// <summary>A send was cut off mid-call and the mail went again with the same Message-ID.</summary>
    MailResent,
    /// <summary>A rapporteur corrected the draft; the line lists each changed field, old → new.</summary>
    DraftEdited,
    /// <summary>An incoming LS was registered (by hand or from a message in the holding pen).</summary>
    Received,
    /// <summary>The reply chain: an LS of ours answering an incoming one was sent (a line on both LSs).</summary>
    Answered,
    /// <summary>A history line written by an older version whose event name is no longer known.</summary>
    Other,
}
