using System.Text.Json;
using Xunit;

namespace LiaisonFlow.Tests.Data;

/// <summary>
/// Checks the TSAG meeting of 1–4 May 2017 data file (data/meetings/tsag-2017-05.json)
/// against the facts of the meeting report (§9.4, §17, §19, §20.1, Annexes A and B).
/// </summary>
public sealed class TsagMeetingDataTests : IDisposable
{
    private const string Domain = "@liaisonflow.example";
    private const string Endorsed = "2017-05-04";

    private static readonly string[] LiaisonKeys =
    [
        "id", "number", "numberAliases", "title", "subject", "sourceBody", "sourceGroup", "td", "contact",
        "state", "endorsedOn", "dispatchedOn", "reportSection", "notes", "addressees",
    ];

    private static readonly string[] States =
    [
        "Draft", "AwaitingEndorsement", "Endorsed", "Dispatched", "AwaitingReplies", "Closed", "Held", "Rejected", "Withdrawn",
    ];

    private readonly JsonDocument _document;

    public TsagMeetingDataTests()
    {
        var path = Path.Combine(FindRepoRoot(), "data", "meetings", "tsag-2017-05.json");
        _document = JsonDocument.Parse(File.ReadAllText(path));
    }

    public void Dispose() => _document.Dispose();

    private JsonElement Root => _document.RootElement;

    private IEnumerable<JsonElement> Groups => Root.GetProperty("groups").EnumerateArray();

    private IEnumerable<JsonElement> Liaisons => Root.GetProperty("liaisons").EnumerateArray();

    [Fact]
    public void Meeting_header_matches_the_report()
    {
        Assert.Equal(1, Root.GetProperty("formatVersion").GetInt32());
        var meeting = Root.GetProperty("meeting");
        Assert.Equal("tsag-2017-05", Str(meeting, "id"));
        Assert.Equal("TSAG", Str(meeting, "body"));
        Assert.Equal("ITU-T", Str(meeting, "sector"));
        Assert.Equal("Geneva", Str(meeting, "place"));
        Assert.Equal("2017-05-01", Str(meeting, "startDate"));
        Assert.Equal("2017-05-04", Str(meeting, "endDate"));
        Assert.Equal("Bruce Gracie", Str(meeting.GetProperty("chair"), "name"));
        Assert.Equal("TSB", Str(meeting.GetProperty("secretariat"), "name"));
    }

    [Fact]
    public void Has_seven_numbered_liaisons_plus_the_held_and_the_draft_one()
    {
        var all = Liaisons.ToList();
        Assert.Equal(9, all.Count);

        var numbers = all.Select(l => Str(l, "number")).Where(n => n is not null).ToList();
        Assert.Equal(Enumerable.Range(1, 7).Select(n => $"TSAG-LS{n}"), numbers);

        for (var n = 1; n <= 7; n++)
        {
            var l = ByNumber($"TSAG-LS{n}");
            Assert.Equal(Endorsed, Str(l, "endorsedOn"));
            Assert.Equal("TSAG", Str(l, "sourceBody"));
            var informationOnly = Addressees(l).All(a => a.Purpose == "Information");
            Assert.Equal(informationOnly ? "Dispatched" : "AwaitingReplies", Str(l, "state"));
        }
        Assert.Equal("Dispatched", Str(ByNumber("TSAG-LS4"), "state"));
        Assert.Equal("Dispatched", Str(ByNumber("TSAG-LS7"), "state"));

        var held = ById("tsag-2017-05-td112");
        Assert.Null(Str(held, "number"));
        Assert.Equal(["TSAG-LSxxx"], Strings(held.GetProperty("numberAliases")));
        Assert.Equal("Held", Str(held, "state"));
        Assert.Equal("RG-StdsStrat", Str(held, "sourceGroup"));
        Assert.False(string.IsNullOrWhiteSpace(Str(held, "notes")));
        Assert.Equal([("ISO/IEC JTC 1", "Information", "none")], Addressees(held));

        var itrs = ById("tsag-2017-05-itrs");
        Assert.Null(Str(itrs, "number"));
        Assert.Null(Str(itrs, "td"));
        Assert.Equal("Draft", Str(itrs, "state"));
        var itrAddressee = Assert.Single(Addressees(itrs));
        Assert.Equal("itu-t-sgs", Resolve(itrAddressee.Group));
        Assert.Equal("Information", itrAddressee.Purpose);
    }

    [Fact]
    public void Tds_and_drafting_groups_are_as_in_the_record()
    {
        var expected = new (string Number, string Td, string Group, string Id)[]
        {
            ("TSAG-LS1", "TD102R1", "RG-SC", "tsag-2017-05-td102"),
            ("TSAG-LS2", "TD121", "RG-WP", "tsag-2017-05-td121"),
            ("TSAG-LS3", "TD117R1", "RG-SC", "tsag-2017-05-td117"),
            ("TSAG-LS4", "TD113", "RG-SC", "tsag-2017-05-td113"),
            ("TSAG-LS5", "TD104", "RG-WP", "tsag-2017-05-td104"),
            ("TSAG-LS6", "TD84 Annex C", "RG-WP", "tsag-2017-05-td84"),
            ("TSAG-LS7", "TD118", "RG-SC", "tsag-2017-05-td118"),
        };
        foreach (var (number, td, group, id) in expected)
        {
            var l = ByNumber(number);
            Assert.Equal(td, Str(l, "td"));
            Assert.Equal(group, Str(l, "sourceGroup"));
            Assert.Equal(id, Str(l, "id"));
        }
        Assert.Equal(["TSAG-LS02"], Strings(ByNumber("TSAG-LS2").GetProperty("numberAliases")));
        Assert.Equal("Glenn Parsons", Str(ByNumber("TSAG-LS1").GetProperty("contact"), "name"));
        Assert.Equal("Reiner Liebler", Str(ByNumber("TSAG-LS2").GetProperty("contact"), "name"));
        Assert.Equal("Yoichi Maeda", Str(ById("tsag-2017-05-td112").GetProperty("contact"), "name"));
    }

    [Fact]
    public void Ls1_is_for_comment_to_exactly_the_sixteen_named_addressees()
    {
        string[] expected =
        [
            "ISCT", "TDAG", "ITU-D SGs", "RAG", "ITU-R SGs",
            "ITU-T SG2", "ITU-T SG3", "ITU-T SG5", "ITU-T SG9", "ITU-T SG11", "ITU-T SG12",
            "ITU-T SG13", "ITU-T SG15", "ITU-T SG16", "ITU-T SG17", "ITU-T SG20",
        ];
        var addressees = Addressees(ByNumber("TSAG-LS1"));
        Assert.Equal(16, addressees.Count);
        Assert.Equal(expected.Order(), addressees.Select(a => a.Group).Order());
        Assert.All(addressees, a =>
        {
            Assert.Equal("Comment", a.Purpose);
            Assert.Equal("before 28 February 2018", a.Deadline);
        });
    }

    [Fact]
    public void Ls2_goes_to_tdag_for_action()
    {
        Assert.Equal([("TDAG", "Action", "none")], Addressees(ByNumber("TSAG-LS2")));
    }

    [Fact]
    public void Ls3_is_for_action_to_itu_t_sgs_before_12_march_2018()
    {
        Assert.Equal([("ITU-T SGs", "Action", "before 12 March 2018")], Addressees(ByNumber("TSAG-LS3")));
    }

    [Fact]
    public void Ls4_and_ls7_are_for_information()
    {
        Assert.Equal(
            [("ITU-D SGs", "Information", "none"), ("ITU-R SGs", "Information", "none"), ("ITU-T SGs", "Information", "none")],
            Addressees(ByNumber("TSAG-LS4")));
        Assert.Equal([("ITU-T SGs", "Information", "none")], Addressees(ByNumber("TSAG-LS7")));
    }

    [Fact]
    public void Ls5_has_five_action_and_six_information_study_groups()
    {
        var addressees = Addressees(ByNumber("TSAG-LS5"));
        var action = addressees.Where(a => a.Purpose == "Action").ToList();
        var information = addressees.Where(a => a.Purpose == "Information").ToList();

        Assert.Equal(11, addressees.Count);
        Assert.Equal(new[] { 2, 3, 12, 16, 17 }.Select(n => $"itu-t-sg{n}").Order(), action.Select(a => Resolve(a.Group)).Order());
        Assert.Equal(new[] { 5, 9, 11, 13, 15, 20 }.Select(n => $"itu-t-sg{n}").Order(), information.Select(a => Resolve(a.Group)).Order());
        Assert.All(action, a => Assert.Equal("before February 2018", a.Deadline));
    }

    [Fact]
    public void Ls6_is_for_action_to_all_itu_t_sgs_before_february_2018()
    {
        var a = Assert.Single(Addressees(ByNumber("TSAG-LS6")));
        Assert.Equal("itu-t-sgs", Resolve(a.Group));
        Assert.Equal("Action", a.Purpose);
        Assert.Equal("before February 2018", a.Deadline);
    }

    [Fact]
    public void No_liaison_for_the_resolution_44_decision()
    {
        Assert.DoesNotContain(Liaisons, l =>
            (Str(l, "title") + " " + Str(l, "subject")).Contains("Resolution 44", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_addressee_and_every_collective_member_resolves_to_the_directory()
    {
        foreach (var l in Liaisons)
        {
            foreach (var a in Addressees(l))
            {
                Assert.True(Resolve(a.Group) is not null, $"{Str(l, "id")}: addressee '{a.Group}' is not in the directory");
            }
        }

        var ids = Groups.Select(g => Str(g, "id")!).ToHashSet(StringComparer.Ordinal);
        foreach (var g in Groups)
        {
            foreach (var member in Strings(g.GetProperty("members")))
            {
                Assert.True(Resolve(member) is not null, $"{Str(g, "id")}: member '{member}' is not in the directory");
                Assert.Contains(member, ids);
            }
        }

        Assert.Equal(
            new[] { 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20 }.Select(n => $"itu-t-sg{n}"),
            Strings(GroupById("itu-t-sgs").GetProperty("members")));
        Assert.Equal(["itu-d-sg1", "itu-d-sg2"], Strings(GroupById("itu-d-sgs").GetProperty("members")));
        Assert.Equal(
            new[] { 1, 3, 4, 5, 6, 7 }.Select(n => $"itu-r-sg{n}"),
            Strings(GroupById("itu-r-sgs").GetProperty("members")));
    }

    [Fact]
    public void Directory_names_and_aliases_are_unambiguous()
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in Groups)
        {
            var id = Str(g, "id")!;
            foreach (var key in Strings(g.GetProperty("aliases")).Append(Str(g, "name")!).Append(id))
            {
                if (seen.TryGetValue(key, out var other))
                {
                    Assert.True(other == id, $"'{key}' names both {other} and {id}");
                }
                seen[key] = id;
            }
        }
    }

    [Fact]
    public void Ids_are_unique_slugs()
    {
        var ids = Groups.Select(g => Str(g, "id")!).Concat(Liaisons.Select(l => Str(l, "id")!)).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[a-z0-9-]+$", id));
        Assert.All(Liaisons, l => Assert.StartsWith("tsag-2017-05-", Str(l, "id")));
    }

    [Fact]
    public void Every_email_is_a_placeholder_on_the_reserved_domain()
    {
        var emails = new List<string>();
        CollectEmails(Root, emails);
        Assert.NotEmpty(emails);
        Assert.All(emails, e => Assert.EndsWith(Domain, e, StringComparison.Ordinal));
    }

    [Fact]
    public void Liaisons_use_known_states_purposes_and_the_documented_key_order()
    {
        foreach (var l in Liaisons)
        {
            Assert.Equal(LiaisonKeys, l.EnumerateObject().Select(p => p.Name));
            Assert.Contains(Str(l, "state"), States);
            Assert.NotEmpty(Addressees(l));
            Assert.All(Addressees(l), a => Assert.Contains(a.Purpose, new[] { "Action", "Comment", "Information" }));
            Assert.Null(Str(l, "dispatchedOn"));
        }
    }

    private JsonElement ByNumber(string number) => Assert.Single(Liaisons, l => Str(l, "number") == number);

    private JsonElement ById(string id) => Assert.Single(Liaisons, l => Str(l, "id") == id);

    private JsonElement GroupById(string id) => Assert.Single(Groups, g => Str(g, "id") == id);

    /// <summary>Finds a directory entry by id, name or alias (case-insensitive); returns its id or null.</summary>
    private string? Resolve(string reference)
    {
        foreach (var g in Groups)
        {
            var names = Strings(g.GetProperty("aliases")).Append(Str(g, "id")!).Append(Str(g, "name")!);
            if (names.Any(n => string.Equals(n, reference, StringComparison.OrdinalIgnoreCase)))
            {
                return Str(g, "id");
            }
        }
        return null;
    }

    private static List<(string Group, string Purpose, string Deadline)> Addressees(JsonElement liaison) =>
        liaison.GetProperty("addressees").EnumerateArray()
            .Select(a => (Str(a, "group")!, Str(a, "purpose")!, Str(a, "deadline")!))
            .ToList();

    private static string? Str(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static void CollectEmails(JsonElement element, List<string> emails)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "email" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        emails.Add(property.Value.GetString()!);
                    }
                    CollectEmails(property.Value, emails);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectEmails(item, emails);
                }
                break;
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiaisonFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"LiaisonFlow.sln not found above {AppContext.BaseDirectory}");
    }
}
