using LiaisonFlow.Domain;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Inbound;

/// <summary>
/// The LSs the matcher and the pen look at: the LS list holds the records only, without addressees, so the
/// few LSs a message quotes are read whole — their addressees say which group may have replied.
/// </summary>
public static class QuotedLiaisons
{
    /// <summary>The list, with each LS the message quotes replaced by the LS read whole.</summary>
    public static async Task<IReadOnlyList<LiaisonStatement>> WithAddresseesAsync(LiaisonStore store, IReadOnlyList<LiaisonStatement> listed, InboundRecord record, string text, CancellationToken ct)
    {
        var quoted = ReplyMatcher.Quotes(record.Subject, text, record.AttachmentList.Select(a => a.FileName), listed).Select(q => q.Liaison.Id).ToHashSet();
        var result = new List<LiaisonStatement>(listed.Count);
        foreach (var ls in listed)
            result.Add(quoted.Contains(ls.Id) && await store.GetDetailsAsync(ls.Id, ct) is { } whole ? whole.Liaison : ls);
        return result;
    }
}
