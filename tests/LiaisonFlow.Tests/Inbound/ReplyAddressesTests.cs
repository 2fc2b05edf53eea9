using LiaisonFlow.Hosting;
using LiaisonFlow.Inbound;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiaisonFlow.Tests.Inbound;

public sealed class ReplyAddressesTests
{
    static ReplyAddresses Make(string? domain = SendGridInboundPost.Domain, string? key = SendGridInboundPost.TokenKey) =>
        new(Options.Create(new LiaisonFlowOptions { Inbound = new InboundOptions { Domain = domain, TokenKey = key } }));

    [Fact]
    public void An_address_reads_back_as_its_LS_and_group_and_fits_the_local_part_limit()
    {
        var addresses = Make();
        var address = addresses.For("tsag-2017-05-td117", "itu-t-sg17")!.Email;
        Assert.Matches(@"^reply\+tsag-2017-05-td117\.itu-t-sg17\.[a-z2-7]{16}@inbound\.liaisonflow\.example$", address);
        Assert.True(address.Split('@')[0].Length <= 64);
        Assert.Equal(new ReplyTarget("tsag-2017-05-td117", "itu-t-sg17"), addresses.Read(address));
        // Mail systems may change the case of a local part or the domain.
        Assert.Equal(new ReplyTarget("tsag-2017-05-td117", "itu-t-sg17"), addresses.Read(address.ToUpperInvariant()));
        // The address the README's curl example posts to, under the sample key.
        Assert.Equal("reply+tsag-2017-05-td117.itu-t-sg17.4ge2rmanu32fksjo@inbound.liaisonflow.example", address);
    }

    [Fact]
    public void A_tampered_address_is_refused()
    {
        var addresses = Make();
        var address = addresses.For("tsag-2017-05-td117", "itu-t-sg17")!.Email;
        var local = address.Split('@')[0];
        var mac = local[^16..];
        var otherMac = (mac[0] == 'a' ? 'b' : 'a') + mac[1..];
        Assert.Null(addresses.Read(local[..^16] + otherMac + "@" + SendGridInboundPost.Domain));
        // Another group's name on this LS's MAC, another LS, another domain, another key.
        Assert.Null(addresses.Read(address.Replace("itu-t-sg17", "itu-t-sg16", StringComparison.Ordinal)));
        Assert.Null(addresses.Read(address.Replace("td117", "td118", StringComparison.Ordinal)));
        Assert.Null(addresses.Read(address.Replace(SendGridInboundPost.Domain, "elsewhere.example", StringComparison.Ordinal)));
        Assert.Null(Make(key: "another key").Read(address));
        Assert.Null(addresses.Read("reply+tsag-2017-05-td117.itu-t-sg17@" + SendGridInboundPost.Domain));
        Assert.Null(addresses.Read("tsbtsag@liaisonflow.example"));
    }

    [Fact]
    public void Without_domain_or_key_there_are_no_reply_addresses_and_ids_too_long_get_none()
    {
        Assert.Null(Make(domain: null).For("tsag-2017-05-td117", "itu-t-sg17"));
        Assert.Null(Make(key: "").For("tsag-2017-05-td117", "itu-t-sg17"));
        Assert.Null(Make().For(new string('a', 40), "itu-t-sg17"));
        Assert.Null(Make().For("Not A Slug", "itu-t-sg17"));
    }
}

public sealed class GroupSendersTests
{
    [Theory]
    [InlineData("tsbsg17@liaisonflow.example", true)]
    [InlineData("TSBSG17@LiaisonFlow.Example", true)]
    [InlineData("sg17.chair@liaisonflow.example", true)]
    [InlineData("anyone@sg17.example", true)]
    [InlineData("anyone@evil-sg17.example", false)]
    [InlineData("someone@liaisonflow.example", false)]
    [InlineData("sg17.example", false)]
    public void A_group_knows_its_mailbox_its_addresses_and_its_domains(string sender, bool known)
    {
        var group = new LiaisonFlow.Domain.Group("itu-t-sg17", "ITU-T SG17", "ITU-T", "tsbsg17@liaisonflow.example", [], [])
        {
            Addresses = ["sg17.chair@liaisonflow.example", "@sg17.example"],
        };
        Assert.Equal(known, group.KnowsSender(sender));
    }
}
