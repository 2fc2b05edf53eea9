using LiaisonFlow.Domain;

namespace LiaisonFlow.Workflow;

/// <summary>
/// A decision about an LS, raised as an external event on its orchestration.
/// <paramref name="Id"/> is unique per request and keys the history rows it causes.
/// </summary>
public sealed record LiaisonCommand(string Id, CommandKind Kind, string Actor, DateTimeOffset IssuedAt, string? Number = null, string? Reason = null);
