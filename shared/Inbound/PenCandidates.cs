using LiaisonFlow.Domain;

namespace LiaisonFlow.Inbound;

/// <summary>An LS and group a message in the holding pen may be the reply to, and what suggests it.</summary>
public sealed record PenCandidate(string Liaison, string? Number, string Title, string? Group, string Why);

/// <summary>
/// The best guesses for a message in the pen: the LS and group of the reply address it was sent to, then the
/// sent LSs it quotes (<see cref="ReplyMatcher"/>: number in any spelling, TD, title; in subject, body or an
/// attachment's name), each with the addressee groups that know the sender — or with no group when none does,
/// for the person assigning it to choose.
/// </summary>
public static class PenCandidates
{
    const int Most = 5;

    public static IReadOnlyList<PenCandidate> For(InboundRecord record, string text, IReadOnlyList<LiaisonStatement> liaisons, GroupDirectory directory, ReplyAddresses addresses)
    {
        var sent = liaisons.Where(l => LiaisonRules.AcceptsReplies(l.State)).ToList();
        var senders = ReplyMatcher.SenderGroups(record.FromAddress, directory);
        var candidates = new List<PenCandidate>();
        foreach (var target in record.RecipientList.Select(addresses.Read).OfType<ReplyTarget>())
            if (sent.FirstOrDefault(l => l.Id == target.LiaisonId) is { } ls)
                candidates.Add(new PenCandidate(ls.Id, ls.Number?.ToString(), ls.Title, target.GroupId, "sent to its reply address"));
        foreach (var quote in ReplyMatcher.Quotes(record.Subject, text, record.AttachmentList.Select(a => a.FileName), sent))
        {
            var ls = quote.Liaison;
            var groups = senders.Where(g => ls.Addressees.Any(a => a.GroupId == g.Id)).Select(g => (string?)g.Id).DefaultIfEmpty();
            candidates.AddRange(groups.Select(g => new PenCandidate(ls.Id, ls.Number?.ToString(), ls.Title, g, $"quotes {quote.Quoted} in its {ReplyMatcher.Name(quote.Place)}")));
        }
        return [.. candidates.DistinctBy(c => (c.Liaison, c.Group)).Take(Most)];
    }
}
