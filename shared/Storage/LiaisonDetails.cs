using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>Everything stored about one LS, read from its partition (one range query per kind of row).</summary>
public sealed record LiaisonDetails(LiaisonStatement Liaison, IReadOnlyList<HistoryEntry> History, IReadOnlyList<LiaisonDocument> Documents, IReadOnlyList<Reply> Replies);

/// <summary>Filters of the LS list; null means "any".</summary>
public sealed record LiaisonQuery(string? MeetingId = null, LiaisonState? State = null, string? Number = null, string? GroupId = null);
