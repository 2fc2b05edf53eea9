using LiaisonFlow.Domain;

namespace LiaisonFlow.Inbound;

/// <summary>An LS and group a message in the holding pen may be the reply to, and what suggests it.</summary>
public sealed record PenCandidate(string Liaison, string? Number, string Title, string? Group, string Why);

/// <summary>
/// The best guesses for a message in the pen, cheap ones only: the LS and group of the reply address it was
/// sent to, and the sent LSs whose number its subject or an attachment's name quotes, with the group whose
/// address sent it. Matching without a reply address proper (aliases, TDs, titles) is a later step.
/// </summary>
public static class PenCandidates
{
    const int Most = 5;

    public static IReadOnlyList<PenCandidate> For(InboundRecord record, IReadOnlyList<LiaisonStatement> liaisons, GroupDirectory directory, ReplyAddresses addresses)
    {
        var sent = liaisons.Where(l => LiaisonRules.AcceptsReplies(l.State)).ToList();
        var sender = directory.All.FirstOrDefault(g => !g.IsCollective && g.KnowsSender(record.FromAddress));
        var candidates = new List<PenCandidate>();
        foreach (var target in record.RecipientList.Select(addresses.Read).OfType<ReplyTarget>())
            if (sent.FirstOrDefault(l => l.Id == target.LiaisonId) is { } ls)
                candidates.Add(new PenCandidate(ls.Id, ls.Number?.ToString(), ls.Title, target.GroupId, "sent to its reply address"));
        var texts = record.AttachmentList.Select(a => a.FileName).Prepend(record.Subject);
        foreach (var number in texts.SelectMany(ReplyReferences.Numbers).Distinct())
            foreach (var ls in sent.Where(l => l.IsNumbered(number.ToString())))
                candidates.Add(new PenCandidate(ls.Id, ls.Number?.ToString(), ls.Title, sender?.Id, $"quotes {number}"));
        return [.. candidates.DistinctBy(c => (c.Liaison, c.Group)).Take(Most)];
    }
}
