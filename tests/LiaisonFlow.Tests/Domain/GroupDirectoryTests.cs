using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class GroupDirectoryTests
{
    private readonly GroupDirectory _directory = TestGroups.Directory();

    [Theory]
    [InlineData("ITU-T SGs")]
    [InlineData("all ITU-T SGs")]
    [InlineData("ITU-T SGs (all)")]
    [InlineData("all ITU-T study groups")]
    [InlineData("itu-t-sgs")]
    public void Expand_itu_t_sgs_to_the_eleven_study_groups(string name)
    {
        var expanded = _directory.Expand(name);

        var expected = new[] { 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20 }.Select(n => $"itu-t-sg{n}").ToArray();
        Assert.Equal(expected, expanded.Select(g => g.Id).ToArray()); // member order
        Assert.Equal(11, expanded.Select(g => g.Id).Distinct().Count());
        Assert.All(expanded, g => Assert.False(g.IsCollective));
    }

    [Fact]
    public void Expand_resolves_members_given_by_name()
    {
        var expanded = _directory.Expand("ITU-D SGs");
        Assert.Equal(["itu-d-sg1", "itu-d-sg2"], expanded.Select(g => g.Id));
    }

    [Fact]
    public void Expand_single_group_is_itself()
    {
        var expanded = _directory.Expand("ITU-T Study Group 17");
        Assert.Equal("itu-t-sg17", Assert.Single(expanded).Id);
        Assert.Equal("tdag", Assert.Single(_directory.Expand("TDAG")).Id);
    }

    [Fact]
    public void Expand_nested_collectives_recursively_and_distinct()
    {
        var groups = TestGroups.All().Append(TestGroups.Collective(
            "all-sgs", "All sector study groups", "ITU", "itu-t-sgs", "ITU-D SGs", "itu-r-sgs", "SG17", "itu-d-sg1"));
        var directory = new GroupDirectory(groups);

        var ids = directory.Expand("all-sgs").Select(g => g.Id).ToList();

        Assert.Equal(11 + 2 + 6, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("itu-t-sg2", ids[0]);
        Assert.Equal("itu-d-sg1", ids[11]);
        Assert.Equal("itu-r-sg7", ids[^1]);
    }

    [Fact]
    public void Expand_survives_a_cycle()
    {
        var directory = new GroupDirectory(
        [
            TestGroups.Single("a", "A", "X"),
            TestGroups.Collective("c1", "C1", "X", "a", "c2"),
            TestGroups.Collective("c2", "C2", "X", "c1", "b"),
            TestGroups.Single("b", "B", "X"),
        ]);
        Assert.Equal(["a", "b"], directory.Expand("c1").Select(g => g.Id));
    }

    [Fact]
    public void Expand_unknown_member_names_it()
    {
        var directory = new GroupDirectory([TestGroups.Collective("c", "C", "X", "itu-t-sg99")]);
        var ex = Assert.Throws<UnknownGroupException>(() => directory.Expand("c"));
        Assert.Equal("itu-t-sg99", ex.Text);
        Assert.Contains("itu-t-sg99", ex.Message);
    }

    [Theory]
    [InlineData("itu-t-sg17", "itu-t-sg17")]
    [InlineData("ITU-T-SG17", "itu-t-sg17")]
    [InlineData("SG 17", "itu-t-sg17")]
    [InlineData("ITU-T Study Group 20", "itu-t-sg20")]
    [InlineData("ISCT", "isct")]
    [InlineData("Inter-Sector Coordination Team on issues of mutual interest", "isct")]
    [InlineData("ISO/IEC JTC1", "iso-iec-jtc1")]
    [InlineData("joint technical committee 1", "iso-iec-jtc1")]
    [InlineData("TSAG / RG-SC", "tsag-rg-sc")]
    [InlineData("strengthening collaboration", "tsag-rg-sc")]
    [InlineData("WORKING METHODS", "tsag-rg-wm")]
    [InlineData("ITU-R SGs", "itu-r-sgs")]
    public void Find_by_id_rule_or_alias(string text, string id)
    {
        Assert.Equal(id, _directory.Find(text)?.Id);
        Assert.Equal(id, _directory.Resolve(text).Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ITU-T SG4")] // a valid name, but not in this directory
    [InlineData("IETF")]
    public void Find_unknown_is_null(string? text) => Assert.Null(_directory.Find(text));

    [Theory]
    [InlineData("IETF")]
    [InlineData("ITU-T SG4")]
    [InlineData("the next meeting")]
    public void Resolve_unknown_throws_naming_text(string text)
    {
        var ex = Assert.Throws<UnknownGroupException>(() => _directory.Resolve(text));
        Assert.Equal(text, ex.Text);
        Assert.Contains($"\"{text}\"", ex.Message);
        Assert.Throws<UnknownGroupException>(() => _directory.Expand(text));
    }

    [Fact]
    public void Constructor_rejects_duplicate_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GroupDirectory(
            [TestGroups.Single("tdag", "TDAG", "ITU-D"), TestGroups.Single("TDAG", "Another", "ITU-D")]));
        Assert.Contains("TDAG", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ambiguous_alias_resolves_to_neither()
    {
        var directory = new GroupDirectory(
        [
            TestGroups.Single("x1", "Group X1", "X", "Shared name"),
            TestGroups.Single("x2", "Group X2", "X", "shared name"),
        ]);
        Assert.Null(directory.Find("Shared name"));
        Assert.Equal("x1", directory.Find("group x1")?.Id);
    }

    [Fact]
    public void All_keeps_constructor_order_and_count()
    {
        var all = _directory.All.ToList();
        Assert.Equal(TestGroups.All().Count(), all.Count);
        Assert.Equal("itu-t-sg2", all[0].Id);
        Assert.True(_directory.Resolve("ITU-T SGs").IsCollective);
        Assert.False(_directory.Resolve("TDAG").IsCollective);
    }

    [Fact]
    public void Fact_sheet_ls1_addressees_all_resolve()
    {
        // TSAG-LS1 "for comment" column, as written.
        string[] written = ["ISCT", "TDAG", "ITU-D SGs", "RAG", "ITU-R SGs", "ITU-T SG2", "SG3", "SG5", "SG9", "SG11", "SG12", "SG13", "SG15", "SG16", "SG17", "SG20"];
        var reached = written.SelectMany(_directory.Expand).Select(g => g.Id).Distinct().ToList();
        Assert.Equal(3 + 2 + 6 + 11, reached.Count);
        Assert.Contains("itu-t-sg20", reached);
        Assert.Contains("itu-r-sg7", reached);
    }
}
