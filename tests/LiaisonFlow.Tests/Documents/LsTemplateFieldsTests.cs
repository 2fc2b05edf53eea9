using LiaisonFlow.Documents;
using LiaisonFlow.Domain;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Documents;

/// <summary>
/// The LS template read out of .docx files built with the Open XML SDK (<see cref="LsTemplateDocument"/>): the same
/// fields whatever the layout, the TSAG May 2017 LSs as the meeting's data records them, and a warning naming the
/// field for what cannot be read.
/// </summary>
public sealed class LsTemplateFieldsTests
{
    static readonly GroupDirectory Tsag = new(TsagSeed.File().Groups!.Select(g => new Group(g.Id!, g.Name!, g.Body!, g.Email, g.Aliases ?? [], g.Members ?? [])));

    static ExtractedLs Extract(LsTemplate template, LsLayout layout = LsLayout.TableHeader, GroupDirectory? directory = null) =>
        LsTemplateFields.Read(LsDocumentReader.Read(LsTemplateDocument.Build(template, layout)), directory ?? Tsag);

    public static TheoryData<int, LsLayout> TsagLsInEveryLayout()
    {
        var data = new TheoryData<int, LsLayout>();
        foreach (var n in Enumerable.Range(1, 7))
            foreach (var layout in Enum.GetValues<LsLayout>())
                data.Add(n, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(TsagLsInEveryLayout))]
    public void A_TSAG_2017_LS_reads_as_the_meeting_data_records_it_in_every_layout(int number, LsLayout layout)
    {
        var ls = Extract(LsTemplate.TsagLs(number), layout);

        var recorded = TsagSeed.File().Liaisons!.Single(l => l.Number == $"TSAG-LS{number}");
        Assert.Equal(recorded.Title, ls.Title);
        Assert.Equal(TdReference.Parse(recorded.Td!).ToString(), ls.Td);
        Assert.Equal("TSAG", ls.SourceBody);
        Assert.Equal("tsag", ls.SourceGroup);
        Assert.Null(ls.Questions); // "N/A"
        Assert.Equal("TSAG meeting, Geneva, 1-4 May 2017", ls.Approval);
        Assert.Equal(recorded.Contact!.Name, ls.Contact?.Name);
        Assert.Equal(recorded.Contact.Email, ls.Contact?.Email);
        Assert.Equal("TSAG rapporteur group", ls.Contact?.Organization);
        var expected = recorded.Addressees!.Select(a => (Tsag.Find(a.Group)!.Id, Purposes.Parse(a.Purpose!), Deadline.Parse(a.Deadline).IsNone ? null : a.Deadline));
        Assert.Equal(expected, ls.Addressees.Select(a => (a.Group, a.Purpose, a.Deadline)));
        Assert.Empty(ls.Warnings);
    }

    [Fact]
    public void The_table_layout_says_where_each_field_was_found()
    {
        var ls = Extract(LsTemplate.TsagLs(1));

        Assert.Equal(new FoundText("TSAG-TD102R1", "header"), ls.Found["td"]);
        Assert.Equal(new FoundText("LS on ITU inter-sector coordination", "table 1, row 3, cell 2"), ls.Found["title"]);
        Assert.Equal(new FoundText("TSAG", "table 1, row 2, cell 2"), ls.Found["sourceGroup"]);
        Assert.Equal(new FoundText("For comment to:", "table 1, row 6, cell 1"), ls.Found["addressees[0].purpose"]);
        Assert.Equal(new FoundText("ISCT", "table 1, row 6, cell 2"), ls.Found["addressees[0].group"]);
        Assert.Equal(new FoundText("SG20", "table 1, row 6, cell 2"), ls.Found["addressees[15].group"]);
        Assert.Equal(new FoundText("before 28 February 2018", "table 1, row 8, cell 2"), ls.Found["addressees[15].deadline"]);
        Assert.Equal(new FoundText("Glenn Parsons", "table 1, row 9, cell 2"), ls.Found["contact.name"]);
        Assert.Equal("table 1, row 9, cell 3", ls.Found["contact.email"].Where);
    }

    [Fact]
    public void The_paragraph_layout_says_which_paragraph()
    {
        var ls = Extract(LsTemplate.TsagLs(1), LsLayout.ParagraphHeader);

        Assert.Equal("paragraph 3", ls.Found["title"].Where);
        Assert.Equal("paragraph 5", ls.Found["addressees[0].group"].Where);
        Assert.Equal("paragraph 8", ls.Found["contact.name"].Where);
        Assert.Equal("paragraph 11", ls.Found["contact.email"].Where);
    }

    [Fact]
    public void For_comment_to_RAG_only_gives_one_addressee_without_a_deadline_and_nothing_to_chase()
    {
        var ls = Extract(LsTemplate.RagForComment());

        var rag = Assert.Single(ls.Addressees);
        Assert.Equal(new ExtractedAddressee("rag", Purpose.Comment, null), rag);
        Assert.Empty(ls.Warnings);
        Assert.Equal("TD130", ls.Td);
    }

    [Theory]
    [InlineData(LsLayout.TableHeader)]
    [InlineData(LsLayout.ParagraphHeader)]
    [InlineData(LsLayout.SplitRuns)]
    public void A_study_group_LS_with_questions_groups_split_every_way_and_the_template_deadline(LsLayout layout)
    {
        var ls = Extract(LsTemplate.Sg17(), layout);

        Assert.Equal("LS on security of software-defined networks", ls.Title);
        Assert.Equal("TD1234R2", ls.Td);
        Assert.Equal("SG17", ls.SourceBody);
        Assert.Equal("itu-t-sg17", ls.SourceGroup);
        Assert.Equal("Q2/17, Q4/17", ls.Questions);
        Assert.Equal(new ExtractedContact("Heung Youl Youm", "Soonchunhyang University, Korea (Rep. of)", "sg17.chair@liaisonflow.example"), ls.Contact);
        const string Reply = "Reply by 15 March 2018";
        Assert.Equal(
            [
                ("itu-t-sg2", Purpose.Action, Reply), ("itu-t-sg3", Purpose.Action, Reply), ("itu-t-sg11", Purpose.Action, Reply), ("itu-t-sg13", Purpose.Action, Reply),
                ("iso-iec-jtc1", Purpose.Comment, Reply), ("tsag", Purpose.Information, (string?)null),
            ],
            ls.Addressees.Select(a => (a.Group, a.Purpose, a.Deadline)));
        Assert.Equal(new DateOnly(2018, 3, 15), Deadline.Parse(ls.Addressees[0].Deadline).Date);
        Assert.Empty(ls.Warnings);
    }

    [Fact]
    public void Groups_one_per_line_in_a_cell_or_after_soft_breaks_are_each_an_addressee()
    {
        var template = LsTemplate.RagForComment() with { ForComment = "ISCT\nTDAG\nRAG" };
        foreach (var layout in Enum.GetValues<LsLayout>())
            Assert.Equal(["isct", "tdag", "rag"], Extract(template, layout).Addressees.Select(a => a.Group));
    }

    [Fact]
    public void A_bare_SG_after_an_ITU_D_or_ITU_R_group_is_of_that_sector()
    {
        var ls = Extract(LsTemplate.RagForComment() with { ForComment = "ITU-D SG1, SG2; ITU-R SG5 and SG6, ITU-T SG17, SG2" });
        Assert.Equal(["itu-d-sg1", "itu-d-sg2", "itu-r-sg5", "itu-r-sg6", "itu-t-sg17", "itu-t-sg2"], ls.Addressees.Select(a => a.Group));
    }

    [Fact]
    public void And_inside_a_group_name_is_not_a_separator()
    {
        var directory = new GroupDirectory(Tsag.All.Append(new Group("jca-iot-scc", "Joint Coordination Activity on IoT and smart cities and communities", "ITU-T",
            "jca-iot@liaisonflow.example", ["JCA-IoT and SC&C", "JCA-IoT"], [])));

        var ls = Extract(LsTemplate.RagForComment() with { ForComment = "JCA-IoT and SC&C, ITU-T SG20 and RAG" }, directory: directory);

        Assert.Equal(["jca-iot-scc", "itu-t-sg20", "rag"], ls.Addressees.Select(a => a.Group));
        Assert.Equal("JCA-IoT and SC&C", ls.Found["addressees[0].group"].Text);
        Assert.Empty(ls.Warnings);
    }

    [Fact]
    public void An_unknown_group_is_kept_as_written_with_a_warning_naming_it()
    {
        var ls = Extract(LsTemplate.RagForComment() with { ForComment = "RAG, XYZ Forum; ITU-T SG17" });

        Assert.Equal(["rag", "XYZ Forum", "itu-t-sg17"], ls.Addressees.Select(a => a.Group));
        var warning = Assert.Single(ls.Warnings);
        Assert.Equal("addressees[1].group", warning.Field);
        Assert.Equal("No group \"XYZ Forum\" in the directory; choose one.", warning.Message);
    }

    [Fact]
    public void A_deadline_that_cannot_be_read_leaves_the_deadlines_empty_with_a_warning_for_each_group_owing_a_reply()
    {
        var ls = Extract(LsTemplate.TsagLs(5) with { Deadline = "as soon as possible" });

        Assert.All(ls.Addressees, a => Assert.Null(a.Deadline));
        Assert.Equal(["addressees[0].deadline", "addressees[1].deadline", "addressees[2].deadline", "addressees[3].deadline", "addressees[4].deadline"],
            ls.Warnings.Select(w => w.Field));
        Assert.Contains("\"as soon as possible\"", ls.Warnings[0].Message);
        Assert.Equal("as soon as possible", ls.Found["addressees[0].deadline"].Text);
    }

    [Fact]
    public void A_missing_contact_is_a_warning_and_a_contact_without_mail_too()
    {
        var none = Extract(LsTemplate.TsagLs(3) with { ContactName = null });
        Assert.Null(none.Contact);
        Assert.Equal("contact", Assert.Single(none.Warnings).Field);

        var noMail = Extract(LsTemplate.TsagLs(3) with { ContactEmail = null }, LsLayout.ParagraphHeader);
        Assert.Equal(new ExtractedContact("Glenn Parsons", "TSAG rapporteur group", null), noMail.Contact);
        Assert.Equal("contact.email", Assert.Single(noMail.Warnings).Field);
    }

    [Fact]
    public void A_TD_number_without_a_body_reads_and_a_missing_one_is_a_warning()
    {
        var spelled = Extract(LsTemplate.TsagLs(1) with { Td = "TD 102 Rev.1" });
        Assert.Equal("TD102R1", spelled.Td);
        Assert.Null(spelled.SourceBody);
        Assert.Empty(spelled.Warnings);

        var missing = Extract(LsTemplate.TsagLs(1) with { Td = "Original: English" });
        Assert.Null(missing.Td);
        Assert.Equal("td", Assert.Single(missing.Warnings).Field);
    }

    [Fact]
    public void A_title_too_long_to_store_is_left_empty_with_a_warning()
    {
        var ls = Extract(LsTemplate.TsagLs(3) with { Title = new string('t', FieldRules.MaxTitleLength + 1) });
        Assert.Null(ls.Title);
        Assert.Equal("title", Assert.Single(ls.Warnings).Field);
    }

    [Fact]
    public void More_groups_than_an_LS_may_have_stop_the_list_with_a_warning()
    {
        var ls = Extract(LsTemplate.RagForComment() with { ForComment = string.Join(", ", Enumerable.Range(1, 500).Select(i => $"Forum {i}")) });
        Assert.Equal(FieldRules.MaxAddressees + 1, ls.Addressees.Count);
        Assert.Contains(ls.Warnings, w => w.Field == "addressees");
    }

    [Fact]
    public void Labels_in_other_cases_and_without_to_read_the_same()
    {
        TextBlock Para(int n, string text) => new(text, new TextPlace(TextPlaceKind.Paragraph, Paragraph: n));
        var text = new LsDocumentText([new TextBlock("TSAG-TD140", TextPlace.Header)],
            [Para(1, "TITLE: LS on working methods"), Para(2, "For Action: ITU-T SG17"), Para(3, "For information:\tTSAG and RAG"),
             Para(4, "DEADLINE: 1 March 2018"), Para(5, "Contact:"), Para(6, "Ann Example\nE-mail: ann@liaisonflow.example"), Para(7, "")], false);

        var ls = LsTemplateFields.Read(text, Tsag);

        Assert.Equal("LS on working methods", ls.Title);
        Assert.Equal([("itu-t-sg17", Purpose.Action, "1 March 2018"), ("tsag", Purpose.Information, null), ("rag", Purpose.Information, (string?)null)],
            ls.Addressees.Select(a => (a.Group, a.Purpose, a.Deadline)));
        Assert.Equal(new ExtractedContact("Ann Example", null, "ann@liaisonflow.example"), ls.Contact);
        Assert.Equal("paragraph 6", ls.Found["contact.name"].Where);
        Assert.Empty(ls.Warnings);
    }

    [Fact]
    public void A_document_without_addressee_lines_is_not_an_LS()
    {
        var minutes = LsTemplate.TsagLs(3) with { ForAction = null, ForComment = null, ForInformation = null };
        var e = Assert.Throws<LsDocumentException>(() => Extract(minutes));
        Assert.Equal(LsDocumentProblem.NotAnLs, e.Problem);
        Assert.StartsWith("This document does not look like an LS", e.Message);
    }
}
