using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using LiaisonFlow.Domain;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Dashboard;

/// <summary>An Atom 1.0 feed of what happened to the LSs: dispatch, replies, overdue notes, escalations, closure.</summary>
public static class LiaisonEventFeed
{
    public const int MaxEntries = 100;

    /// <summary>History events the feed carries; a "StateChanged" only when it closed the LS.</summary>
    public static readonly string[] Events = ["Dispatched", "ReplyReceived", "Overdue", "Escalated"];

    static readonly Dictionary<string, string> Verbs = new(StringComparer.Ordinal)
    {
        ["Dispatched"] = "dispatched",
        ["ReplyReceived"] = "replied",
        ["Overdue"] = "overdue",
        ["Escalated"] = "escalated",
        ["StateChanged"] = "closed",
    };

    /// <summary>Atom XML (UTF-8, no BOM), newest event first, at most <see cref="MaxEntries"/>.</summary>
    public static byte[] Write(IEnumerable<HistoryRow> history, IReadOnlyDictionary<string, LiaisonStatement> liaisons,
        string feedId, string feedUrl, Func<string, string> liaisonUrl, DateTimeOffset now)
    {
        var items = history
            .Where(h => liaisons.ContainsKey(h.LiaisonId))
            .OrderByDescending(h => h.Entry.At).ThenByDescending(h => h.RowKey, StringComparer.Ordinal)
            .Take(MaxEntries)
            .Select(h =>
            {
                var ls = liaisons[h.LiaisonId];
                var name = ls.Number?.ToString() ?? ls.Id;
                var verb = Verbs.GetValueOrDefault(h.Entry.Event, h.Entry.Event);
                // Row keys hold "|" and ":"; escaped, the id stays a valid IRI and still never changes.
                var item = new SyndicationItem
                {
                    Id = $"urn:liaisonflow:{h.LiaisonId}:{Uri.EscapeDataString(h.RowKey)}",
                    Title = new TextSyndicationContent($"{name} {verb}: {h.Entry.Detail}"),
                    Summary = new TextSyndicationContent($"{name} {ls.Title}. {h.Entry.Detail}"),
                    LastUpdatedTime = h.Entry.At,
                };
                item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(liaisonUrl(h.LiaisonId))));
                item.Categories.Add(new SyndicationCategory(h.Entry.Event));
                return item;
            })
            .ToList();

        var feed = new SyndicationFeed(items)
        {
            Id = feedId,
            Title = new TextSyndicationContent("LiaisonFlow: liaison statement events"),
            LastUpdatedTime = items.Count > 0 ? items[0].LastUpdatedTime : now,
        };
        feed.Authors.Add(new SyndicationPerson { Name = "LiaisonFlow" }); // Atom needs an author; the feed's covers every entry.
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(feedUrl), "application/atom+xml"));

        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(xml);
        return buffer.ToArray();
    }
}
