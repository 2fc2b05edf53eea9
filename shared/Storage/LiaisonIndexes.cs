namespace LiaisonFlow.Storage;

/// <summary>
/// The tables derived from the Liaisons table — <see cref="OutstandingIndex"/> (replies owed) and
/// <see cref="FeedIndex"/> (events for the Atom feed) — brought in step with one LS. Called after
/// every change to an LS; it reads the LS's partition once and updates both, idempotently.
/// </summary>
public sealed class LiaisonIndexes(LiaisonStore liaisons, OutstandingIndex outstanding, FeedIndex feed)
{
    public async Task SyncAsync(string liaisonId, CancellationToken ct = default)
    {
        var details = await liaisons.GetDetailsAsync(liaisonId, ct);
        await outstanding.SyncAsync(liaisonId, details, await liaisons.GetTrackRowsAsync(liaisonId, ct), ct);
        if (details is not null) await feed.SyncAsync(details, ct);
    }
}
