using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

public class GroupNamesTests
{
    [Theory]
    // ITU-T study groups; a bare SGn is ITU-T.
    [InlineData("ITU-T SG17", "itu-t-sg17")]
    [InlineData("ITU-T Study Group 17", "itu-t-sg17")]
    [InlineData("SG17", "itu-t-sg17")]
    [InlineData("SG 17", "itu-t-sg17")]
    [InlineData("Study Group 17", "itu-t-sg17")]
    [InlineData("itu-t-sg17", "itu-t-sg17")]
    [InlineData("  itu-t   sg17 ", "itu-t-sg17")]
    [InlineData("ITU–T SG17", "itu-t-sg17")] // en dash
    [InlineData("ＩＴＵ－Ｔ ＳＧ１７", "itu-t-sg17")] // full width
    [InlineData("ITU-T SG02", "itu-t-sg2")]
    [InlineData("ITU-T第17研究组", "itu-t-sg17")]
    // ITU-D and ITU-R study groups.
    [InlineData("ITU-D SG1", "itu-d-sg1")]
    [InlineData("ITU-D Study Group 1", "itu-d-sg1")]
    [InlineData("itu-d-sg2", "itu-d-sg2")]
    [InlineData("ITU-R SG 5", "itu-r-sg5")]
    [InlineData("ITU-R Study Group 5", "itu-r-sg5")]
    // Advisory groups and others named in the fact sheet.
    [InlineData("TDAG", "tdag")]
    [InlineData("tdag", "tdag")]
    [InlineData("RAG", "rag")]
    [InlineData("TSAG", "tsag")]
    [InlineData("ISCT", "isct")]
    [InlineData("Inter-Sector Coordination Team", "isct")]
    [InlineData("inter-sector  coordination team", "isct")]
    [InlineData("跨部门协调组", "isct")]
    [InlineData("ISO/IEC JTC 1", "iso-iec-jtc1")]
    [InlineData("ISO/IEC JTC1", "iso-iec-jtc1")]
    [InlineData("JTC 1", "iso-iec-jtc1")]
    [InlineData("iso-iec-jtc1", "iso-iec-jtc1")]
    [InlineData("TSB", "tsb")]
    // Collectives.
    [InlineData("ITU-T SGs", "itu-t-sgs")]
    [InlineData("all ITU-T SGs", "itu-t-sgs")]
    [InlineData("ITU-T SGs (all)", "itu-t-sgs")]
    [InlineData("all ITU-T study groups", "itu-t-sgs")]
    [InlineData("ITU-T study groups", "itu-t-sgs")]
    [InlineData("All the ITU-T Study Groups", "itu-t-sgs")]
    [InlineData("itu-t-sgs", "itu-t-sgs")]
    [InlineData("ITU-T各研究组", "itu-t-sgs")]
    [InlineData("ITU-D SGs", "itu-d-sgs")]
    [InlineData("all ITU-D study groups", "itu-d-sgs")]
    [InlineData("ITU-D各研究组", "itu-d-sgs")]
    [InlineData("ITU-R SGs", "itu-r-sgs")]
    [InlineData("ITU-R各研究组", "itu-r-sgs")]
    // TSAG rapporteur groups (Annex A).
    [InlineData("RG-SC", "tsag-rg-sc")]
    [InlineData("TSAG RG-SC", "tsag-rg-sc")]
    [InlineData("TSAG / RG-SC", "tsag-rg-sc")]
    [InlineData("tsag-rg-sc", "tsag-rg-sc")]
    [InlineData("RG-WP", "tsag-rg-wp")]
    [InlineData("RG-WM", "tsag-rg-wm")]
    [InlineData("RG-StdsStrat", "tsag-rg-stdsstrat")]
    [InlineData("RG-SOP", "tsag-rg-sop")]
    [InlineData("RG-ResReview", "tsag-rg-resreview")]
    public void Normalize_known_names(string text, string id) => Assert.Equal(id, GroupNames.Normalize(text));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(20)]
    public void Normalize_every_itu_t_sg_of_the_fact_sheet(int n)
    {
        var id = $"itu-t-sg{n}";
        Assert.Equal(id, GroupNames.Normalize($"ITU-T SG{n}"));
        Assert.Equal(id, GroupNames.Normalize($"SG{n}"));
        Assert.Equal(id, GroupNames.Normalize($"ITU-T Study Group {n}"));
        Assert.Equal(id, GroupNames.Normalize(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Q?/17")]
    [InlineData("Q6/17")]
    [InlineData("SG0")]
    [InlineData("RG-XYZ")]
    [InlineData("IETF")]
    [InlineData("ITU-X SG17")]
    [InlineData("study group")]
    [InlineData("ITU-T SG2, SG3")]
    public void Normalize_unrecognised_is_null(string? text) => Assert.Null(GroupNames.Normalize(text));

    [Fact]
    public void Ids_normalise_to_themselves()
    {
        foreach (var id in TestGroups.Directory().All.Select(g => g.Id))
        {
            Assert.Equal(id, GroupNames.Normalize(id));
        }
    }
}
