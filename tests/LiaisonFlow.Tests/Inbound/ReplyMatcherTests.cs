using System.Text.Json;
using LiaisonFlow.Domain;
using LiaisonFlow.Inbound;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

/// <summary>Mail without a reply address, matched by what it quotes and who sent it (TSAG-LS3 and TSAG-LS5 of May 2017, in memory).</summary>
public sealed class ReplyMatcherTests
{
    const string Sg17 = "tsbsg17@liaisonflow.example";

    static readonly LiaisonStatement Ls3 = Sent("tsag-2017-05-td117", "TSAG-LS3", "LS on open source", "TD117R1", "itu-t-sg17", "itu-t-sg16");
    static readonly LiaisonStatement Ls5 = Sent("tsag-2017-05-td104", "TSAG-LS5", "LS on the transfer of FG DFS deliverables to ITU-T study groups", "TD104", "itu-t-sg17", "itu-t-sg2");
    static readonly LiaisonStatement Held = Sent("tsag-2017-05-td112", null, "LS on cooperation between ITU-T and ISO/IEC JTC 1", "TD112", "iso-iec-jtc1") with { State = LiaisonState.Held };
    static readonly LiaisonStatement[] Liaisons = [Ls3, Ls5, Held];

    static readonly GroupDirectory Directory = new([
        new Group("itu-t-sg17", "ITU-T SG17", "ITU-T", Sg17, [], []) { Addresses = ["@sg17.example", "chair@shared.example"] },
        new Group("itu-t-sg16", "ITU-T SG16", "ITU-T", "tsbsg16@liaisonflow.example", [], []) { Addresses = ["chair@shared.example"] },
        new Group("itu-t-sg2", "ITU-T SG2", "ITU-T", "tsbsg2@liaisonflow.example", [], []),
        new Group("iso-iec-jtc1", "ISO/IEC JTC 1", "ISO/IEC", "iso-iec-jtc1@liaisonflow.example", [], []),
        new Group("itu-t-sgs", "All ITU-T study groups", "ITU-T", null, [], ["itu-t-sg17", "itu-t-sg16", "itu-t-sg2"]),
    ]);

    static LiaisonStatement Sent(string id, string? number, string title, string td, params string[] groups) => new()
    {
        Id = id,
        MeetingId = "tsag-2017-05",
        Number = number is null ? null : LsNumber.Parse(number),
        Title = title,
        SourceBody = "TSAG",
        Td = TdReference.Parse(td),
        State = LiaisonState.AwaitingReplies,
        Addressees = [.. groups.Select(g => Addressee.Create(g, Purpose.Action, Deadline.Parse("before 12 March 2018")))],
    };

    static ContentMatch Match(string subject, string body = "", string sender = Sg17, params string[] attachments) =>
        ReplyMatcher.Match(subject, body, attachments, sender, Liaisons, Directory);

    [Theory]
    [InlineData("Re: TSAG-LS3")]
    [InlineData("Fwd: TSAG LS 3 - reply of SG17 (SG17-LS12)")]
    [InlineData("Reply to LS3 of TSAG on open source matters")]
    [InlineData("Our reply to LS 3 from the TSAG")]
    [InlineData("tsag-ls03: reply")]
    [InlineData("TSAG\u2013LS3 (en dash)")]
    [InlineData("Reply to TSAG-LS3.")]
    public void Any_spelling_of_the_number_in_the_subject_matches(string subject)
    {
        var match = Match(subject);
        Assert.Equal(new ReplyTarget(Ls3.Id, "itu-t-sg17"), match.Target);
        Assert.Equal("matched by subject: TSAG-LS3", match.How);
        Assert.Null(match.Reason);
    }

    [Theory]
    [InlineData("Re: TSAG-LS30")]
    [InlineData("Re: SG17-LS3")]
    [InlineData("LS3 of SG17")]
    [InlineData("XTSAG-LS3")]
    [InlineData("TSAG-LS")]
    public void Other_numbers_do_not_match(string subject)
    {
        var match = Match(subject);
        Assert.Null(match.Target);
        Assert.Equal(PenReason.NoReplyAddress, match.Reason);
    }

    [Fact]
    public void The_body_and_an_attachment_name_are_read_and_the_history_says_where()
    {
        Assert.Equal("matched by body: TSAG-LS3", Match("FW: our reply", "Dear TSB,\n\nplease find SG17's reply to TSAG  LS 3 attached.").How);
        Assert.Equal("matched by attachment name: TSAG-LS3", Match("FW: our reply", "See attached.", Sg17, "T17-SG17-LS12_reply_TSAG-LS3.docx").How);
        // The subject comes first when several places quote it.
        Assert.Equal("matched by subject: TSAG-LS3", Match("TSAG-LS3", "About TSAG-LS3.", Sg17, "TSAG-LS3.pdf").How);
    }

    [Fact]
    public void A_TD_reference_or_the_exact_title_matches()
    {
        Assert.Equal("matched by subject: TD 117", Match("Re: TSAG TD 117").How);
        Assert.Equal(new ReplyTarget(Ls5.Id, "itu-t-sg17"), Match("Re: TD104 reply").Target);
        var byTitle = Match("Fwd: LS on open source");
        Assert.Equal(new ReplyTarget(Ls3.Id, "itu-t-sg17"), byTitle.Target);
        Assert.Equal("matched by subject: title \"LS on open source\"", byTitle.How);
        // Part of a title is no title; an LS not sent (held) takes no replies.
        Assert.Null(Match("Fwd: on open source").Target);
        Assert.Equal(PenReason.NoReplyAddress, Match("Re: LS on cooperation between ITU-T and ISO/IEC JTC 1", "", "iso-iec-jtc1@liaisonflow.example").Reason);
    }

    [Fact]
    public void The_group_is_found_by_its_address_or_its_domain()
    {
        Assert.Equal(new ReplyTarget(Ls3.Id, "itu-t-sg17"), Match("TSAG-LS3", "", "Rapporteur.Q4@SG17.example").Target);
        Assert.Equal(new ReplyTarget(Ls3.Id, "itu-t-sg16"), Match("TSAG-LS3", "", "TSBSG16@liaisonflow.example").Target);
    }

    [Fact]
    public void Anything_ambiguous_or_untrusted_goes_to_the_pen_saying_why()
    {
        var two = Match("Replies to TSAG-LS3 and TSAG-LS5");
        Assert.Null(two.Target);
        Assert.Equal(PenReason.AmbiguousMatch, two.Reason);
        Assert.Contains("TSAG-LS3", two.Detail);
        Assert.Contains("TSAG-LS5", two.Detail);

        var unknown = Match("Re: TSAG-LS3", "", "someone@elsewhere.example");
        Assert.Null(unknown.Target);
        Assert.Equal(PenReason.UnknownSender, unknown.Reason);
        Assert.Contains("someone@elsewhere.example", unknown.Detail);

        // SG2 is known, but TSAG-LS3 is not addressed to it.
        var notAddressed = Match("Re: TSAG-LS3", "", "tsbsg2@liaisonflow.example");
        Assert.Null(notAddressed.Target);
        Assert.Equal(PenReason.UnknownSender, notAddressed.Reason);

        // One address known for two of its addressee groups: which group replied is not known.
        var shared = Match("Re: TSAG-LS3", "", "chair@shared.example");
        Assert.Null(shared.Target);
        Assert.Equal(PenReason.AmbiguousMatch, shared.Reason);
    }

    [Fact]
    public void The_pen_lists_what_a_message_quotes_with_the_groups_that_know_its_sender()
    {
        var addresses = SendGridInboundPost.Addresses;
        var record = new InboundRecord
        {
            RowKey = "in-test",
            FromAddress = "chair@shared.example",
            Subject = "Fwd: two replies",
            Recipients = JsonSerializer.Serialize(new[] { "tsbtsag@liaisonflow.example" }),
        };
        var candidates = PenCandidates.For(record, "Replies to TSAG LS 3, and to LS5 of TSAG.", Liaisons, Directory, addresses);
        Assert.Equal(
            [$"{Ls3.Id} itu-t-sg17 quotes TSAG-LS3 in its body", $"{Ls3.Id} itu-t-sg16 quotes TSAG-LS3 in its body", $"{Ls5.Id} itu-t-sg17 quotes TSAG-LS5 in its body"],
            candidates.Select(c => $"{c.Liaison} {c.Group} {c.Why}"));

        // A stranger: the LS quoted, the group left for the person assigning it.
        var stranger = new InboundRecord { RowKey = "in-test-2", FromAddress = "someone@elsewhere.example", Subject = "Re: TSAG-LS3" };
        var guess = Assert.Single(PenCandidates.For(stranger, "", Liaisons, Directory, addresses));
        Assert.Equal(Ls3.Id, guess.Liaison);
        Assert.Null(guess.Group);
        Assert.Equal("TSAG-LS3", guess.Number);
    }
}
