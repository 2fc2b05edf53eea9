using LiaisonFlow.Storage;

namespace LiaisonFlow.Api;

/// <summary>The reply chain of an LS view with its other LSs named (number and title), for pages to show and follow.</summary>
public static class ChainLinks
{
    /// <summary>One point read per linked LS (an LS has a link or two, rarely more); a link to an LS gone keeps its id.</summary>
    public static async Task<IReadOnlyList<ChainLink>> ResolveAsync(LiaisonView view, LiaisonStore store, string baseUrl, CancellationToken ct)
    {
        var links = new List<ChainLink>();
        foreach (var (relation, other) in view.ChainIds())
        {
            var ls = await store.GetRecordAsync(other, ct);
            links.Add(new ChainLink(relation, other, ls?.Number?.ToString(), ls?.Title, $"{baseUrl.TrimEnd('/')}/api/liaisons/{Uri.EscapeDataString(other)}"));
        }
        return links;
    }
}
