using System.Text;
using LiaisonFlow.Domain;
using LiaisonFlow.Import;
using LiaisonFlow.Inbound;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

public sealed class InboundParserTests
{
    static IFormCollection Form(Dictionary<string, string> fields, params (string Name, string FileName, byte[] Bytes)[] files)
    {
        var collection = new FormFileCollection();
        foreach (var (name, fileName, bytes) in files)
            collection.Add(new FormFile(new MemoryStream(bytes), 0, bytes.Length, name, fileName) { Headers = new HeaderDictionary(), ContentType = "application/pdf" });
        return new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value)), collection);
    }

    static Dictionary<string, string> Fields() => new()
    {
        ["from"] = "ITU-T SG17 <tsbsg17@liaisonflow.example>",
        ["to"] = "reply+x@inbound.liaisonflow.example",
        ["subject"] = "Re: TSAG-LS3 — reply SG17-LS12",
        ["text"] = "SG17 thanks TSAG.",
        ["headers"] = "Message-ID: <sg17-ls12@liaisonflow.example>\nDate: Mon, 26 Feb 2018 10:30:00 +0100\nSubject: x\n",
        ["envelope"] = "{\"to\":[\"reply+y@inbound.liaisonflow.example\"],\"from\":\"tsbsg17@liaisonflow.example\"}",
        ["SPF"] = "pass",
        ["dkim"] = "{@liaisonflow.example : pass}",
        ["attachments"] = "1",
        ["attachment-info"] = "{\"attachment1\":{\"filename\":\"SG17-LS12.pdf\",\"type\":\"application/pdf\"}}",
    };

    [Fact]
    public void A_parsed_post_gives_sender_recipients_message_id_date_verdicts_and_its_attachment()
    {
        var errors = new ValidationErrors();
        var post = InboundParser.Read(Form(Fields(), ("attachment1", "SG17-LS12.pdf", [1, 2, 3])), errors);
        Assert.False(errors.Any);
        Assert.Equal("tsbsg17@liaisonflow.example", post!.FromAddress);
        Assert.Equal("ITU-T SG17", post.FromName);
        Assert.Equal(["reply+x@inbound.liaisonflow.example", "reply+y@inbound.liaisonflow.example"], post.Recipients);
        Assert.Equal("sg17-ls12@liaisonflow.example", post.MessageId);
        Assert.Equal(new DateTimeOffset(2018, 2, 26, 9, 30, 0, TimeSpan.Zero), post.SentAt);
        Assert.True(InboundPost.SpfPassed(post.Spf) && InboundPost.DkimPassed(post.Dkim));
        Assert.Equal("SG17-LS12.pdf", Assert.Single(post.Attachments).FileName);
        Assert.Equal(InboundVariant.Parsed, post.Variant);
    }

    [Theory]
    [InlineData("from", null, "from")]
    [InlineData("from", "not an address", "from")]
    [InlineData("envelope", "{not json", "envelope")]
    [InlineData("envelope", "{\"to\": 5}", "envelope")]
    [InlineData("attachments", "2", "attachments")]
    [InlineData("attachments", "-1", "attachments")]
    [InlineData("attachment-info", "[1]", "attachment-info")]
    [InlineData("charsets", "UTF-8", "charsets")]
    public void A_post_that_is_not_Inbound_Parse_names_the_field(string field, string? value, string named)
    {
        var fields = Fields();
        if (value is null) fields.Remove(field); else fields[field] = value;
        var errors = new ValidationErrors();
        Assert.Null(InboundParser.Read(Form(fields, ("attachment1", "SG17-LS12.pdf", [1])), errors));
        Assert.Contains(named, errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_raw_post_is_read_with_MimeKit_and_an_html_only_body_is_shown_as_text()
    {
        var message = SendGridInboundPost.Message("ITU-T SG17 <tsbsg17@liaisonflow.example>", "reply+x@inbound.liaisonflow.example", "SG17-LS12", "ignored", "raw-1@liaisonflow.example",
            ("SG17-LS12.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4")));
        message.Body = new MimeKit.Multipart("mixed")
        {
            new MimeKit.TextPart("html") { Text = "<html><head><style>p{}</style><script>alert(1)</script></head><body><p>SG17 <b>thanks</b> TSAG &amp; you.</p></body></html>" },
            message.Attachments.OfType<MimeKit.MimePart>().First(),
        };
        var errors = new ValidationErrors();
        var post = InboundParser.Read(Form(new Dictionary<string, string> { ["email"] = message.ToString(), ["SPF"] = "fail" }), errors);
        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        Assert.Equal(InboundVariant.Raw, post!.Variant);
        Assert.Equal("raw-1@liaisonflow.example", post.MessageId);
        Assert.Equal("SG17 thanks TSAG & you.", post.Text);
        Assert.DoesNotContain("alert", post.Text);
        var attachment = Assert.Single(post.Attachments);
        using var content = attachment.Open();
        Assert.Equal("%PDF-1.4", new StreamReader(content).ReadToEnd());
        Assert.False(InboundPost.SpfPassed(post.Spf));
    }

    [Fact]
    public void A_raw_post_that_is_not_MIME_with_a_sender_is_refused()
    {
        var errors = new ValidationErrors();
        Assert.Null(InboundParser.Read(Form(new Dictionary<string, string> { ["email"] = "just some words" }), errors));
        Assert.Contains("email", errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("Re: TSAG-LS3 — reply SG17-LS12", "SG17-LS12")]
    [InlineData("Re: TSAG-LS3", "TSAG-LS3")]
    [InlineData("Fwd: TD 233 from SG17", "TD233")]
    [InlineData("RE: Our answer", "Our answer")]
    public void The_reply_reference_is_another_LS_number_then_a_TD_then_the_subject(string subject, string expected)
    {
        var answered = LsNumber.Parse("TSAG-LS3");
        var reference = ReplyReferences.Of(subject, [], answered, "in-1");
        Assert.Equal(expected.StartsWith("TD", StringComparison.Ordinal) ? TdReference.Parse(expected).Display : expected, reference);
        Assert.Equal("SG17-LS12", ReplyReferences.Of("Our reply", ["SG17-LS12.docx"], answered, "in-1"));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("a:b?.pdf", "a_b_.pdf")]
    [InlineData("..", "attachment3")]
    [InlineData("", "attachment3")]
    public void Attachment_names_are_made_storable(string name, string expected) =>
        Assert.Equal(expected, InboundParser.SafeFileName(name, 3));
}
