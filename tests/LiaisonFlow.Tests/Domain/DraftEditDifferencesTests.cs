using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

/// <summary>A draft edit changes only the fields it names, and its history line lists each change, old → new.</summary>
public class DraftEditDifferencesTests
{
    static readonly LiaisonStatement Draft = new()
    {
        Id = "tsag-2017-05-td130", MeetingId = "tsag-2017-05", Title = "LS on open source", SourceBody = "TSAG", State = LiaisonState.Draft,
        Td = TdReference.Parse("TD130R1"), Contact = new Contact("Glenn Parsons", "rg-sc.rapporteur@liaisonflow.example"),
        Addressees =
        [
            Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.Parse("before 28 February 2030")),
            Addressee.Create("itu-t-sg16", Purpose.Comment, Deadline.Parse("none")),
        ],
    };

    [Fact]
    public void Only_the_named_fields_change()
    {
        var edited = Draft with { Title = "LS on open-source references", Subject = "Not named, so not taken", Addressees = [] };
        var after = new DraftEdit(edited, new HashSet<DraftField> { DraftField.Title }).ApplyTo(Draft);
        Assert.Equal("LS on open-source references", after.Title);
        Assert.Null(after.Subject);
        Assert.Equal(Draft.Addressees, after.Addressees);
        Assert.Equal(["title \"LS on open source\" → \"LS on open-source references\""], DraftEdit.Differences(Draft, after));
    }

    [Fact]
    public void Addressees_list_what_was_removed_added_and_changed()
    {
        var after = Draft with
        {
            Addressees =
            [
                Addressee.Create("itu-t-sg17", Purpose.Comment, Deadline.Parse("before 30 April 2030")),
                Addressee.Create("itu-t-sg2", Purpose.Information, Deadline.Parse("none")),
            ],
        };
        Assert.Equal(
            [
                "removed itu-t-sg16",
                "itu-t-sg17 for action → for comment",
                "itu-t-sg17 deadline \"before 28 February 2030\" → \"before 30 April 2030\"",
                "added itu-t-sg2 (for information, \"none\")",
            ],
            DraftEdit.Differences(Draft, after));
    }

    [Fact]
    public void Nothing_changed_lists_nothing_and_long_values_are_cut()
    {
        Assert.Empty(DraftEdit.Differences(Draft, Draft with { }));
        var change = Assert.Single(DraftEdit.Differences(Draft, Draft with { Title = new string('t', 500) }));
        Assert.EndsWith(new string('t', 59) + "…\"", change);
    }
}
