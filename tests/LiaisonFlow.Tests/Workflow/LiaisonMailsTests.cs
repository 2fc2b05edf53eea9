using LiaisonFlow.Domain;
using LiaisonFlow.Workflow;
using Xunit;

namespace LiaisonFlow.Tests.Workflow;

public class LiaisonMailsTests
{
    static readonly Meeting Tsag = new("tsag-2017-05", "TSAG", "ITU-T", "TSAG meeting, Geneva, 1–4 May 2017", "Geneva", null, null,
        new Contact("Bruce Gracie", "tsag.chairman@liaisonflow.example"), new Contact("TSB", "tsbtsag@liaisonflow.example"), null);
    static readonly Group Sg17 = new("itu-t-sg17", "ITU-T Study Group 17 (Security)", "ITU-T", "tsbsg17@liaisonflow.example", [], []);

    static LiaisonStatement Ls(string title = "LS on open source") => new()
    {
        Id = "tsag-2017-05-td117", MeetingId = Tsag.Id, Number = LsNumber.Parse("TSAG-LS3"), Title = title, SourceBody = "TSAG",
        SourceGroup = "RG-SC", Td = TdReference.Parse("TD117R1"), Contact = new Contact("Glenn Parsons", "rg-sc.rapporteur@liaisonflow.example"),
    };

    [Fact]
    public void A_dispatch_mail_names_number_title_purpose_deadline_document_and_where_to_reply()
    {
        var addressee = Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.Parse("before 12 March 2018"));
        var documents = new[] { new LiaisonDocument("TD117R1.docx", 10, "application/octet-stream", "ab", DateTimeOffset.UnixEpoch, "r") };
        var mail = LiaisonMails.Dispatch(Ls(), addressee, Sg17, Tsag, documents, "https://liaisonflow.example");

        Assert.Equal("dispatch|itu-t-sg17", mail.Key);
        Assert.Equal("TSAG-LS3: LS on open source [for action, reply before 12 March 2018]", mail.Subject);
        Assert.Equal("tsbsg17@liaisonflow.example", Assert.Single(mail.To).Email);
        Assert.Equal("tsbtsag@liaisonflow.example", mail.ReplyTo?.Email);
        Assert.Contains("Document: TD 117 Rev.1", mail.Body);
        Assert.Contains("https://liaisonflow.example/api/liaisons/tsag-2017-05-td117/documents/TD117R1.docx", mail.Body);
        Assert.Contains("before 12 March 2018 (12 March 2018, end of day Geneva time)", mail.Body);
        Assert.Contains("reply as a liaison statement to tsbtsag@liaisonflow.example, quoting TSAG-LS3", mail.Body);
    }

    [Fact]
    public void An_information_mail_expects_no_reply_and_a_title_cannot_break_the_subject_line()
    {
        var addressee = Addressee.Create("itu-t-sg17", Purpose.Information, Deadline.None);
        var mail = LiaisonMails.Dispatch(Ls("LS on IPv6\r\nBcc: everyone@example.com"), addressee, Sg17, Tsag, [], "http://127.0.0.1:7071");
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.DoesNotContain('\r', mail.Subject);
        Assert.EndsWith("[for information]", mail.Subject);
        Assert.Contains("No reply is expected.", mail.Body);
    }
}
