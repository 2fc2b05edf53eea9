using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Dashboard;

/// <summary>An Atom 1.0 feed of what happened to the LSs: dispatch, replies, overdue notes, escalations, closure.</summary>
public static class LiaisonEventFeed
{
    public const int MaxEntries = 100;

    static readonly Dictionary<string, string> Verbs = new(StringComparer.Ordinal)
    {
        ["Dispatched"] = "dispatched",
        ["ReplyReceived"] = "replied",
        ["Overdue"] = "overdue",
        ["Escalated"] = "escalated",
        ["StateChanged"] = "closed",
        ["Imported"] = "imported as sent",
        ["Received"] = "received",
        ["Answered"] = "answered",
    };

    /// <summary>Atom XML (UTF-8, no BOM) of Feed rows (<see cref="FeedIndex"/>), newest event first, at most <see cref="MaxEntries"/>.</summary>
    public static byte[] Write(IEnumerable<FeedEntity> events, string feedId, string feedUrl, Func<string, string> liaisonUrl, DateTimeOffset now)
    {
        var items = events
            .OrderByDescending(e => e.At).ThenByDescending(e => e.HistoryRowKey, StringComparer.Ordinal)
            .Take(MaxEntries)
            .Select(e =>
            {
                var name = e.Number ?? e.LiaisonId;
                var verb = Verbs.GetValueOrDefault(e.Event, e.Event);
                // Row keys hold "|" and ":"; escaped, the id stays a valid IRI and still never changes.
                var item = new SyndicationItem
                {
                    Id = $"urn:liaisonflow:{e.LiaisonId}:{Uri.EscapeDataString(e.HistoryRowKey)}",
                    Title = new TextSyndicationContent($"{name} {verb}: {e.Detail}"),
                    Summary = new TextSyndicationContent($"{name} {e.Title}. {e.Detail}"),
                    LastUpdatedTime = e.At,
                };
                item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(liaisonUrl(e.LiaisonId))));
                item.Categories.Add(new SyndicationCategory(e.Event));
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
