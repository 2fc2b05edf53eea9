using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>The TSAG May 2017 data through the real local host and Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TsagImportTests(AzuriteFixture azurite) : TsagHostTest(azurite, "import")
{
    // These tests import for themselves: importing is what they test.
    protected override bool ImportTsag => false;

    [Fact]
    public async Task Importing_twice_creates_the_meeting_once_and_sends_no_mail()
    {
        using var tsb = Host.Client("dev-secretariat");
        var first = await tsb.ImportTsagAsync();
        var second = await tsb.ImportTsagAsync();

        Assert.All(first["liaisons"]!.AsArray(), l => Assert.Equal("created", (string?)l!["outcome"]));
        Assert.All(second["liaisons"]!.AsArray(), l => Assert.Equal("unchanged", (string?)l!["outcome"]));
        Assert.Equal("Unchanged", (string?)second["meeting"]);
        Assert.Equal(0, (int)second["groupsWritten"]!);

        var list = (await tsb.GetJsonAsync("api/liaisons?meeting=tsag-2017-05")).Body!.AsArray();
        Assert.Equal(9, list.Count);
        Assert.Equal(
            ["TSAG-LS1", "TSAG-LS2", "TSAG-LS3", "TSAG-LS4", "TSAG-LS5", "TSAG-LS6", "TSAG-LS7"],
            list.Select(l => (string?)l!["number"]).OfType<string>());

        var mail = (await tsb.GetJsonAsync("api/mail")).Body!.AsArray();
        Assert.Empty(mail);
    }

    [Fact]
    public async Task Tsag_LS1_is_for_comment_by_every_group_each_tracked_on_its_own()
    {
        using var tsb = Host.Client("dev-secretariat");
        await tsb.ImportTsagAsync();

        var ls1 = (await tsb.GetJsonAsync("api/liaisons?number=TSAG-LS1")).Body!.AsArray().Single()!;
        var details = (await tsb.GetJsonAsync($"api/liaisons/{ls1["id"]}")).Body!;
        var addressees = details["addressees"]!.AsArray().Select(a => a!).ToList();

        string[] itut = ["2", "3", "5", "9", "11", "12", "13", "15", "16", "17", "20"];
        var expected = itut.Select(n => $"itu-t-sg{n}")
            .Concat(["isct", "tdag", "rag", "itu-d-sg1", "itu-d-sg2"])
            .Concat(new[] { "1", "3", "4", "5", "6", "7" }.Select(n => $"itu-r-sg{n}"))
            .Order();
        Assert.Equal(expected, addressees.Select(a => (string)a["group"]!).Order());
        Assert.All(addressees, a =>
        {
            Assert.Equal("Comment", (string?)a["purpose"]);
            Assert.Equal("before 28 February 2018", (string?)a["deadline"]!["text"]);
            Assert.Equal("2018-02-28", (string?)a["deadline"]!["date"]);
            Assert.Equal("Outstanding", (string?)a["replyStatus"]);
        });
        Assert.Equal("AwaitingReplies", (string?)details["state"]);
        Assert.Equal("TD102R1", (string?)details["td"]!["reference"]);
    }

    [Fact]
    public async Task Tsag_LS3_is_for_action_by_all_ITU_T_SGs_and_TD112_is_held()
    {
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        await tsb.ImportTsagAsync();

        var ls3 = (await chair.GetJsonAsync("api/liaisons/tsag-2017-05-td117")).Body!;
        Assert.Equal("TSAG-LS3", (string?)ls3["number"]);
        var addressees = ls3["addressees"]!.AsArray();
        Assert.Equal(11, addressees.Count);
        Assert.All(addressees, a =>
        {
            Assert.StartsWith("itu-t-sg", (string?)a!["group"]);
            Assert.Equal("Action", (string?)a["purpose"]);
            Assert.Equal("2018-03-12", (string?)a["deadline"]!["date"]);
        });

        var held = (await chair.GetJsonAsync("api/liaisons?state=Held")).Body!.AsArray();
        var td112 = Assert.Single(held)!;
        Assert.Equal("TD112", (string?)td112["td"]!["reference"]);
        Assert.Null(td112["number"]);

        // LS2 is found by either spelling of its number.
        var ls2 = (await chair.GetJsonAsync("api/liaisons?number=TSAG-LS02")).Body!.AsArray();
        Assert.Equal("tsag-2017-05-td121", (string?)Assert.Single(ls2)!["id"]);

        // Every LS still open has its orchestration waiting: started by the import, Pending until the engine
        // picks it up (a moment after the import's answer on a busy machine), then Running.
        var status = await Race.WaitForOrchestrationAsync(chair, "tsag-2017-05-td112", "Running");
        Assert.Equal("Running", (string?)status["orchestration"]!["runtimeStatus"]);
    }

    [Fact]
    public async Task Releasing_the_held_TD112_numbers_it_after_LS7_and_sends_it_to_JTC1()
    {
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        await tsb.ImportTsagAsync();

        var (status, _, _) = await chair.PostAsync("api/liaisons/tsag-2017-05-td112/release", new { reason = "New ITU-T liaison officer to JTC 1 appointed." });
        Assert.Equal(202, status);
        var ls = await chair.WaitForStateAsync("tsag-2017-05-td112", "Dispatched");
        Assert.Equal("TSAG-LS8", (string?)ls["number"]);

        var mail = await tsb.WaitForMailAsync("tsag-2017-05-td112");
        var sent = Assert.Single(mail)!;
        Assert.Equal("dispatch|iso-iec-jtc1", (string?)sent["key"]);
        Assert.Equal("Sent", (string?)sent["status"]);
        Assert.StartsWith("TSAG-LS8:", (string?)sent["subject"]);
    }
}
