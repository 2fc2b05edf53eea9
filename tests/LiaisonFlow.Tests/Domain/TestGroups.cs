using LiaisonFlow.Domain;

namespace LiaisonFlow.Tests.Domain;

/// <summary>A small directory of the groups in the TSAG May 2017 fact sheet (2017–2020 study period).</summary>
internal static class TestGroups
{
    public static readonly int[] ItuTStudyGroups = [2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20];
    public static readonly int[] ItuDStudyGroups = [1, 2];
    public static readonly int[] ItuRStudyGroups = [1, 3, 4, 5, 6, 7];

    public static Group Single(string id, string name, string body, params string[] aliases) =>
        new(id, name, body, $"{id}@example.org", aliases, []);

    public static Group Collective(string id, string name, string body, params string[] members) =>
        new(id, name, body, null, [], members);

    public static GroupDirectory Directory() => new(All());

    public static IEnumerable<Group> All()
    {
        foreach (var n in ItuTStudyGroups)
        {
            yield return Single($"itu-t-sg{n}", $"ITU-T Study Group {n}", "ITU-T");
        }
        foreach (var n in ItuDStudyGroups)
        {
            yield return Single($"itu-d-sg{n}", $"ITU-D Study Group {n}", "ITU-D");
        }
        foreach (var n in ItuRStudyGroups)
        {
            yield return Single($"itu-r-sg{n}", $"ITU-R Study Group {n}", "ITU-R");
        }
        yield return Collective("itu-t-sgs", "ITU-T study groups", "ITU-T", ItuTStudyGroups.Select(n => $"itu-t-sg{n}").ToArray());
        // Members may be given by name, not only by id.
        yield return Collective("itu-d-sgs", "ITU-D study groups", "ITU-D", "ITU-D SG1", "ITU-D Study Group 2");
        yield return Collective("itu-r-sgs", "ITU-R study groups", "ITU-R", ItuRStudyGroups.Select(n => $"itu-r-sg{n}").ToArray());
        yield return Single("tsag", "Telecommunication Standardization Advisory Group", "ITU-T");
        yield return Single("tdag", "Telecommunication Development Advisory Group", "ITU-D");
        yield return Single("rag", "Radiocommunication Advisory Group", "ITU-R");
        yield return Single("isct", "Inter-Sector Coordination Team", "ITU", "Inter-Sector Coordination Team on issues of mutual interest");
        yield return Single("iso-iec-jtc1", "ISO/IEC JTC 1", "ISO/IEC", "Joint Technical Committee 1");
        yield return Single("tsag-rg-sc", "Strengthening collaboration", "ITU-T", "Rapporteur group on strengthening collaboration");
        yield return Single("tsag-rg-wp", "Work programme and SG structure", "ITU-T");
        yield return Single("tsag-rg-wm", "Working methods", "ITU-T");
        yield return Single("tsag-rg-stdsstrat", "Standardization strategy", "ITU-T");
        yield return Single("tsag-rg-sop", "Strategic and operational planning", "ITU-T");
        yield return Single("tsag-rg-resreview", "Review of WTSA resolutions", "ITU-T");
    }
}
