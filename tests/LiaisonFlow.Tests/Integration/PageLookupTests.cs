using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>What the pages look up: the caller and their roles, the group directory, the meetings, and how a deadline reads.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageLookupTests(AzuriteFixture azurite) : TsagHostTest(azurite, "lookups")
{
    [Fact]
    public async Task The_caller_the_directory_the_meetings_and_deadline_readings_are_served()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var tsb = Host.Client("dev-secretariat");

        var me = (await rapporteur.GetJsonAsync("api/me")).Body!;
        Assert.Equal(["Rapporteur"], me["roles"]!.AsArray().Select(r => (string)r!));
        Assert.False(string.IsNullOrEmpty((string?)me["name"]));
        Assert.Equal(["Secretariat"], (await tsb.GetJsonAsync("api/me")).Body!["roles"]!.AsArray().Select(r => (string)r!));

        var groups = (await rapporteur.GetJsonAsync("api/groups")).Body!.AsArray();
        var sg17 = groups.Single(g => (string?)g!["id"] == "itu-t-sg17")!;
        Assert.False((bool)sg17["collective"]!);
        Assert.Empty(sg17["members"]!.AsArray());
        Assert.Contains("SG17", sg17["aliases"]!.AsArray().Select(a => (string)a!));
        var sgs = groups.Single(g => (string?)g!["id"] == "itu-t-sgs")!;
        Assert.True((bool)sgs["collective"]!);
        var members = sgs["members"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
        Assert.Contains("itu-t-sg17", members);
        Assert.Equal("ITU-T Study Group 17 (Security)", (string?)sgs["members"]!.AsArray().Single(m => (string?)m!["id"] == "itu-t-sg17")!["name"]);
        Assert.DoesNotContain("itu-d-sg1", members);

        var meetings = (await rapporteur.GetJsonAsync("api/meetings")).Body!.AsArray();
        var tsag = Assert.Single(meetings)!;
        Assert.Equal("tsag-2017-05", (string?)tsag["id"]);
        Assert.Equal("TSAG", (string?)tsag["body"]);
        Assert.Equal("2017-05-01", (string?)tsag["startDate"]);
        Assert.Equal("2017-05-04", (string?)tsag["endDate"]);

        var day = (await rapporteur.GetJsonAsync("api/deadlines/reading?text=before%2028%20February%202018")).Body!;
        Assert.Equal("before 28 February 2018", (string?)day["text"]);
        Assert.Equal("2018-02-28", (string?)day["date"]);
        Assert.Equal("Day", (string?)day["precision"]);
        Assert.Equal("2018-02-28T23:00:00Z", (string?)day["dueUtc"]);
        Assert.Equal("due Wed 28 Feb 2018, end of day Geneva", (string?)day["reads"]);

        var none = (await rapporteur.GetJsonAsync("api/deadlines/reading?text=n%2Fa")).Body!.AsObject();
        Assert.True(none.ContainsKey("date"));
        Assert.Null(none["date"]);
        Assert.Null(none["dueUtc"]);
        Assert.Equal("no deadline: nobody is chased", (string?)none["reads"]);
        Assert.Equal("no deadline: nobody is chased", (string?)(await rapporteur.GetJsonAsync("api/deadlines/reading")).Body!["reads"]);

        var bad = await rapporteur.GetJsonAsync("api/deadlines/reading?text=sometime%20soon");
        Assert.Equal(400, bad.Status);
        Assert.Contains("sometime soon", (string?)bad.Body!["errors"]!["text"]![0]);
    }
}
