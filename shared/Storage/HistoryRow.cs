using LiaisonFlow.Domain;

namespace LiaisonFlow.Storage;

/// <summary>A history line with where it is stored: the LS (its partition) and its row key, which never change.</summary>
public sealed record HistoryRow(string LiaisonId, string RowKey, HistoryEntry Entry);
