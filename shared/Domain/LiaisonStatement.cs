namespace LiaisonFlow.Domain;

/// <summary>
/// A liaison statement: one TD, agreed by a body, sent to addressee groups. Outgoing (ours, sent to
/// others) or incoming (another body's, sent to ours: its addressee is our group responsible for the reply).
/// </summary>
public sealed record LiaisonStatement
{
    public required string Id { get; init; }
    public required string MeetingId { get; init; }
    public LsNumber? Number { get; init; }

    /// <summary>Other spellings of the number seen in the record, e.g. "TSAG-LS02" for TSAG-LS2.</summary>
    public IReadOnlyList<string> NumberAliases { get; init; } = [];
    public required string Title { get; init; }
    public string? Subject { get; init; }

    /// <summary>The body that sends the LS (TSAG); LS numbers are drawn from its series.</summary>
    public required string SourceBody { get; init; }

    /// <summary>The group within the body that drafted it (RG-SC).</summary>
    public string? SourceGroup { get; init; }
    public TdReference? Td { get; init; }

    /// <summary>The questions the LS comes from ("Q2/17, Q4/17").</summary>
    public string? Questions { get; init; }

    /// <summary>Where and when it was approved ("TSAG meeting, Geneva, 1-4 May 2017").</summary>
    public string? Approval { get; init; }
    public Contact? Contact { get; init; }
    public LiaisonState State { get; init; }
    public DateOnly? EndorsedOn { get; init; }
    public DateOnly? DispatchedOn { get; init; }
    public string? ReportSection { get; init; }
    public string? Notes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Calendar time from which the groups that owe replies are chased; null while nobody is chased
    /// (not yet sent, or a historical import that was not asked to chase).
    /// </summary>
    public DateTimeOffset? ChasingSince { get; init; }

    /// <summary>The number the plenary gave when endorsing or releasing; the workflow reserves it (or the next one, if it was taken meanwhile).</summary>
    public LsNumber? RequestedNumber { get; init; }

    /// <summary>When the LS was last submitted to the plenary: the chair is reminded once per wait, counted from here.</summary>
    public DateTimeOffset? AwaitingDecisionSince { get; init; }
    public IReadOnlyList<Addressee> Addressees { get; init; } = [];

    public Direction Direction { get; init; } = Direction.Outgoing;

    /// <summary>Incoming: the day it was registered as received (calendar date); what it asks of us is owed from then.</summary>
    public DateOnly? ReceivedOn { get; init; }

    /// <summary>Incoming: the id of the group that sent it (in the directory), whose number it carries.</summary>
    public string? SenderGroupId { get; init; }

    /// <summary>Outgoing: the id of the incoming LS this one answers; sending it closes that one's obligation.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>Incoming: the id of the LS of ours it replies to; it is registered as the sender's reply there.</summary>
    public string? RepliesTo { get; init; }

    /// <summary>Incoming: the id of the LS of ours that answered it (set when that one was sent).</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>True when <paramref name="text"/> names this LS by its number or any alias.</summary>
    public bool IsNumbered(string text) =>
        (LsNumber.TryParse(text, out var n) && n == Number)
        || NumberAliases.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);
}
