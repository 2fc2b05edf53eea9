using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>Outstanding replies as TSB saw them on a given day, from the index, over HTTP with the TSAG 2017 data.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardTests(AzuriteFixture azurite) : TsagHostTest(azurite, "dash")
{
    static readonly string[] ItuTSgs = ["2", "3", "5", "9", "11", "12", "13", "15", "16", "17", "20"];

    static List<JsonNode> Rows(JsonNode report, string? liaison = null) =>
        [.. report["rows"]!.AsArray().Select(r => r!).Where(r => liaison is null || (string?)r["liaisonId"] == liaison)];

    [Fact]
    public async Task On_1_February_2018_LS3_is_owed_by_every_ITU_T_SG_and_on_13_March_they_are_overdue()
    {
        using var tsb = Host.Client("dev-secretariat");
        var feb = (await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=2018-02-01")).Body!;
        var ls3 = Rows(feb, "tsag-2017-05-td117");
        Assert.Equal(ItuTSgs.Select(n => $"itu-t-sg{n}").Order(StringComparer.Ordinal), ls3.Select(r => (string)r["group"]!).Order(StringComparer.Ordinal));
        Assert.All(ls3, r =>
        {
            Assert.False((bool)r["overdue"]!);
            Assert.Equal(39, (int)r["daysLeft"]!);
            Assert.Equal("before 12 March 2018", (string?)r["deadlineText"]);
        });
        Assert.Equal(22, Rows(feb, "tsag-2017-05-td102").Count);                 // LS1: every group, for comment
        Assert.All(Rows(feb, "tsag-2017-05-td104"), r => Assert.True((bool)r["overdue"]!)); // LS5: "before February 2018"
        Assert.DoesNotContain(Rows(feb), r => (string?)r["liaisonId"] is "tsag-2017-05-td113" or "tsag-2017-05-td112"); // for information; held

        var march = (await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=2018-03-13&overdueOnly=true")).Body!;
        Assert.Equal(11, Rows(march, "tsag-2017-05-td117").Count);
        Assert.All(Rows(march), r => Assert.True((bool)r["overdue"]!));
        Assert.Equal((int)march["summary"]!["outstanding"]!, (int)march["summary"]!["overdue"]!);

        // Before the meeting nothing was owed.
        Assert.Empty(Rows((await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=2017-04-30")).Body!));
    }

    [Fact]
    public async Task What_one_group_owes_and_what_is_due_soon_come_from_their_index_partitions()
    {
        using var tsb = Host.Client("dev-secretariat");
        var sg17 = (await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=2018-02-01&group=SG17")).Body!;
        Assert.Equal(["tsag-2017-05-td104", "tsag-2017-05-td84", "tsag-2017-05-td102", "tsag-2017-05-td117"],
            Rows(sg17).Select(r => (string)r["liaisonId"]!));                     // sorted by deadline
        Assert.Equal("itu-t-sg17", (string?)Assert.Single(sg17["byGroup"]!.AsArray())!["group"]);

        var dueSoon = (await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=2018-02-20&dueBefore=2018-03-06")).Body!;
        Assert.All(Rows(dueSoon), r => Assert.True(string.CompareOrdinal((string?)r["deadlineDate"], "2018-03-06") <= 0));
        Assert.Contains(Rows(dueSoon), r => (string?)r["liaisonId"] == "tsag-2017-05-td102");
        Assert.DoesNotContain(Rows(dueSoon), r => (string?)r["liaisonId"] == "tsag-2017-05-td117");
        Assert.Equal(22, (int)dueSoon["summary"]!["dueIn14Days"]!);               // LS1, due 28 February

        var bad = await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=1 Feb 2018&group=SG99");
        Assert.Equal(400, bad.Status);
        Assert.Equal(["asOf", "group"], bad.Body!["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_reply_leaves_the_index_from_its_date_on_and_the_index_survives_a_restart()
    {
        using (var tsb = Host.Client("dev-secretariat"))
        {
            var (status, _, _) = await tsb.PostAsync("api/liaisons/tsag-2017-05-td117/replies",
                new { fromGroup = "ITU-T SG17", reference = "SG17-LS45", receivedOn = "2018-02-20" });
            Assert.Equal(201, status);
            await tsb.PostAsync("api/liaisons/tsag-2017-05-td117/addressees/itu-t-sg2/deadline", new { deadline = "before 30 April 2018" });
        }

        await Host.KillAsync();
        await Host.StartAsync();
        using var again = Host.Client("dev-secretariat");

        var before = Rows((await again.GetJsonAsync("api/dashboard/outstanding?asOf=2018-02-19&group=itu-t-sg17")).Body!);
        Assert.Contains(before, r => (string?)r["liaisonId"] == "tsag-2017-05-td117");
        var after = Rows((await again.GetJsonAsync("api/dashboard/outstanding?asOf=2018-02-20&group=itu-t-sg17")).Body!);
        Assert.DoesNotContain(after, r => (string?)r["liaisonId"] == "tsag-2017-05-td117");

        // SG2's LS3 row moved to its new deadline: gone from March, there in April.
        var march = Rows((await again.GetJsonAsync("api/dashboard/outstanding?asOf=2018-03-01&dueBefore=2018-03-31")).Body!, "tsag-2017-05-td117");
        Assert.DoesNotContain(march, r => (string?)r["group"] == "itu-t-sg2");
        var april = Rows((await again.GetJsonAsync("api/dashboard/outstanding?asOf=2018-03-01&dueBefore=2018-04-30")).Body!, "tsag-2017-05-td117");
        Assert.Equal("2018-04-30", (string?)april.Single(r => (string?)r["group"] == "itu-t-sg2")["deadlineDate"]);

        // Re-importing (as a restart of run.sh does) leaves the index as it is.
        await again.ImportTsagAsync();
        var sg2 = Rows((await again.GetJsonAsync("api/dashboard/outstanding?asOf=2018-03-01&group=itu-t-sg2")).Body!, "tsag-2017-05-td117");
        Assert.Equal("2018-04-30", (string?)Assert.Single(sg2)["deadlineDate"]);
    }
}
