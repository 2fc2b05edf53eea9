using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace LiaisonFlow.Tests.Hostile;

/// <summary>The corpus itself: readable, big enough, and every case well formed (no host needed).</summary>
public sealed class HostileInputCorpusTests
{
    static readonly IReadOnlySet<string> Methods = new HashSet<string> { "GET", "POST", "PUT", "PATCH" };

    [Fact]
    public void The_corpus_has_at_least_150_well_formed_cases_with_unique_names()
    {
        var corpus = HostileCorpus.Load();
        Assert.True(corpus.Count >= 150, $"{corpus.Count} cases");
        Assert.Empty(corpus.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(corpus, c =>
        {
            Assert.Contains(c.Key, HostileCorpus.Keys);
            Assert.Contains(c.Method, Methods);
            Assert.StartsWith("/api/", c.Path);
            Assert.StartsWith(c.Category + ": ", c.Name);
            Assert.InRange(c.Expect, 200, 599);
            if (c.Field is not null || c.State is not null) Assert.InRange(c.Expect, 400, 499);
            if (c.KnownBug is not null) Assert.DoesNotContain('\n', c.KnownBug);
        });
        // The categories the issue asks for.
        Assert.Superset(new HashSet<string> { "create", "import", "commands", "replies", "deadline", "chasers", "documents", "query", "auth" },
            corpus.Select(c => c.Category).ToHashSet());
    }

    [Fact]
    public void Generators_make_what_they_say()
    {
        Assert.Equal(new string('x', 70_000), HostileCorpus.Text(JsonNode.Parse("""{"$repeat": "x", "times": 70000}""")));
        Assert.Equal("ab" + new string('-', 3), HostileCorpus.Text(JsonNode.Parse("""{"$concat": ["a", "b", {"$repeat": "-", "times": 3}]}""")));
        var seq = HostileCorpus.Expand(JsonNode.Parse("""{"$seq": {"id": "g-{i}", "members": ["m-{i}"]}, "times": 3}"""))!.AsArray();
        Assert.Equal(["g-1", "g-2", "g-3"], seq.Select(g => (string?)g!["id"]));
        Assert.Equal("m-3", (string?)seq[2]!["members"]![0]);
        Assert.Equal("f1;f2;f3;", HostileCorpus.Text(JsonNode.Parse("""{"$join": {"$seq": "f{i};", "times": 3}}""")));

        var file = HostileCorpus.Expand(JsonNode.Parse("""
            {"$tsag": {"meeting": "hx-check", "numbers": false,
                       "set": {"meeting.body": "ISO/IEC JTC 1/SC 27", "groups[1]": null, "liaisons": [{"$pick": 2}, {"$pick": 0}],
                               "liaisons[*].sourceBody": null, "liaisons[1].title": "second"}}}
            """))!;
        Assert.Equal("hx-check", (string?)file["meeting"]!["id"]);
        Assert.Equal("ISO/IEC JTC 1/SC 27", (string?)file["meeting"]!["body"]);
        Assert.Null(file["groups"]![1]);
        var liaisons = file["liaisons"]!.AsArray();
        Assert.Equal(["hx-check-td117", "hx-check-td102"], liaisons.Select(l => (string?)l!["id"]));
        Assert.All(liaisons, l => Assert.Null(l!["number"]));
        Assert.All(liaisons, l => Assert.Null(l!["sourceBody"]));
        Assert.Equal("second", (string?)liaisons[1]!["title"]);
    }

    [Fact]
    public void A_body_is_sent_as_written()
    {
        var c = HostileCase.From(JsonNode.Parse("""
            {"name": "x: y", "category": "x", "method": "POST", "path": "/api/liaisons", "key": "none", "body": null, "expect": 400}
            """)!.AsObject());
        Assert.Equal("null", Encoding.UTF8.GetString(c.Body!));
        Assert.Equal("application/json", c.ContentType);
        var raw = HostileCase.From(JsonNode.Parse("""
            {"name": "x: z", "category": "x", "method": "POST", "path": "/api/liaisons", "key": "none", "contentType": "application/json", "bodyText": "{\"title\":\"\\ud800\"}", "expect": 400}
            """)!.AsObject());
        Assert.Equal("""{"title":"\ud800"}""", Encoding.UTF8.GetString(raw.Body!));
    }
}
