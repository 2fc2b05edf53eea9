using LiaisonFlow.Mail;
using MimeKit;
using Xunit;

namespace LiaisonFlow.Tests.Mail;

/// <summary>Message-IDs, display names, subjects and addresses as the transports put them in headers.</summary>
public sealed class MailHeaderTests
{
    const string Domain = "liaisonflow.example";

    [Fact]
    public void A_plain_LS_id_and_key_give_a_readable_Message_ID()
    {
        Assert.Equal("tsag-2017-05-td117.dispatch.itu-t-sg17@liaisonflow.example", MailIds.MessageId("tsag-2017-05-td117", "dispatch|itu-t-sg17", Domain));
        Assert.Equal(MailIds.MessageId("ls", "chaser|g|0", Domain), MailIds.MessageId("ls", "chaser|g|0", Domain));
    }

    [Theory]
    [InlineData("ls 1", "dispatch|Groupe d'étude «17»")]
    [InlineData("ls.1", "a..b")]
    [InlineData("ls", "<x@y>\r\nBcc: z")]
    [InlineData("…", "…")]
    [InlineData("ls", "|||")]
    public void Any_LS_id_and_key_give_a_header_safe_Message_ID(string liaisonId, string key)
    {
        var id = MailIds.MessageId(liaisonId, key, Domain);
        Assert.True(MailIds.IsValid(id), id);
        Assert.Contains('=', id);
        Assert.EndsWith("@" + Domain, id);
        Assert.DoesNotContain(id, c => c > 126 || char.IsWhiteSpace(c) || c is '<' or '>' or '"' or '(' or ')' or ',' or ';' or '\\');
        var message = new MimeMessage { MessageId = id };
        Assert.Equal(id, message.MessageId);
    }

    [Fact]
    public void Message_IDs_are_distinct_and_at_most_200_characters()
    {
        var pairs = new[] { ("a.b", "c"), ("a", "b.c"), ("a", "b|c"), ("a", "b-c"), ("a", "b c"), ("a", "b\tc"), ("a b", "c") };
        var ids = pairs.Select(p => MailIds.MessageId(p.Item1, p.Item2, Domain)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var longA = MailIds.MessageId("tsag-2017-05-td117", "chaser|" + new string('g', 300) + "|a", Domain);
        var longB = MailIds.MessageId("tsag-2017-05-td117", "chaser|" + new string('g', 300) + "|b", Domain);
        Assert.True(longA.Length <= MailIds.MaxLength);
        Assert.True(MailIds.IsValid(longA));
        Assert.NotEqual(longA, longB);
        Assert.Throws<ArgumentException>(() => MailIds.MessageId("ls", "key", "not a domain"));
    }

    [Theory]
    [InlineData("ITU-T SG17", "ITU-T SG17")]
    [InlineData("Smith, John; Jr.", "Smith John Jr.")]
    [InlineData("  Jane\r\nDoe\t ", "Jane Doe")]
    [InlineData("Evil\r\nBcc: x@y.example", "Evil Bcc: x@y.example")]
    [InlineData(" ,;\r\n ", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Display_names_are_made_safe(string? name, string? expected) => Assert.Equal(expected, MailNames.DisplayName(name));

    [Fact]
    public void Display_names_are_capped_at_100_characters_and_subjects_stay_on_one_line()
    {
        Assert.Equal(new string('n', 100), MailNames.DisplayName(new string('n', 140)));
        Assert.Equal(99, MailNames.DisplayName(new string('n', 99) + "😀 tail")!.Length); // never half a surrogate pair
        Assert.Equal("TSAG-LS8: reply, please; soon", MailNames.Subject("TSAG-LS8:\r\nreply, please;\u2028soon\r\n"));
    }

    [Theory]
    [InlineData("tsbsg17@liaisonflow.example", true)]
    [InlineData("first.last+tag@sub.itu.int", true)]
    [InlineData("tsbsg17@liaisonflow", false)]
    [InlineData("tsbsg17", false)]
    [InlineData("tsbsg17 at liaisonflow.example", false)]
    [InlineData("a..b@liaisonflow.example", false)]
    [InlineData("Name <a@liaisonflow.example>", false)]
    [InlineData("a@liaisonflow.example, b@liaisonflow.example", false)]
    [InlineData(" a@liaisonflow.example", false)]
    [InlineData("a@liaisonflow.example\r\nBcc: b@x.example", false)]
    [InlineData("", false)]
    public void Only_plain_valid_addresses_pass(string email, bool valid) => Assert.Equal(valid, MailAddresses.IsValid(email));
}
