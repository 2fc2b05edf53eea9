namespace LiaisonFlow.Storage;

/// <summary>
/// An LS's indexes kept being written by other processes' syncs through every attempt of this one. The LS's change
/// itself is stored; the workflow's next step, or the consistency repair, brings the indexes in step.
/// </summary>
public sealed class IndexSyncContendedException(string liaisonId, int attempts)
    : Exception($"The indexes of LS {liaisonId} kept changing under the sync ({attempts} attempts).");
