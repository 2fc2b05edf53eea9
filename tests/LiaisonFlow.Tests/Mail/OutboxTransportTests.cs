using LiaisonFlow.Domain;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit;

namespace LiaisonFlow.Tests.Mail;

/// <summary>The local outbox writes each copy as an .eml blob in Azurite; the files are read back with MimeKit.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxTransportTests(AzuriteFixture azurite)
{
    const string Domain = "liaisonflow.example";
    const string Ls = "tsag-2017-05-td117";

    static BatchRecipient Copy(string group, string email, string name, string subject) =>
        new($"dispatch|{group}", [new MailRecipient(email, name)], subject,
            new Dictionary<string, string> { ["-groupName-"] = name }, MailIds.MessageId(Ls, $"dispatch|{group}", Domain));

    static MailBatch Batch(params BatchRecipient[] copies) =>
        new(Ls, MailKind.Dispatch, "To: -groupName-\n\nTSAG sends you TSAG-LS8 for action — réponse souhaitée.", copies, new MailRecipient($"tsbtsag@{Domain}", "TSAG secretariat"));

    static async Task<(MimeMessage Message, string Raw)> ReadAsync(ServiceProvider services, string key)
    {
        var container = await services.GetRequiredService<StorageClients>().ContainerAsync(services.GetRequiredService<StorageNames>().OutboxContainer);
        var name = OutboxTransport.BlobName(new OutgoingMail(Ls, key, MailKind.Dispatch, [], "", ""));
        var bytes = (await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
        using var stream = new MemoryStream(bytes);
        return (await MimeMessage.LoadAsync(stream), System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Each_copy_is_an_eml_that_parses_back_with_its_recipient_subject_and_Message_ID()
    {
        await using var services = TestServices.Build(azurite);
        var outbox = services.GetRequiredService<OutboxTransport>();
        var deliveries = await outbox.SendAsync(Batch(
            Copy("itu-t-sg17", $"tsbsg17@{Domain}", "ITU-T SG17", "TSAG-LS8: LS on open source"),
            Copy("itu-t-sg13", $"tsbsg13@{Domain}", "ITU-T SG13", "TSAG-LS8: LS on open source")), default);
        Assert.All(deliveries.Values, d => Assert.True(d.Accepted));
        Assert.Equal(["dispatch|itu-t-sg13", "dispatch|itu-t-sg17"], deliveries.Keys.Order());

        var (message, raw) = await ReadAsync(services, "dispatch|itu-t-sg17");
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal($"tsbsg17@{Domain}", to.Address);
        Assert.Equal("ITU-T SG17", to.Name);
        Assert.Equal($"tsbtsag@{Domain}", Assert.Single(message.ReplyTo.Mailboxes).Address);
        Assert.Equal("TSAG-LS8: LS on open source", message.Subject);
        Assert.Equal($"{Ls}.dispatch.itu-t-sg17@{Domain}", message.MessageId);
        Assert.Equal($"{Ls}/dispatch|itu-t-sg17", message.Headers["X-LiaisonFlow-Key"]);
        var text = Assert.IsType<TextPart>(message.Body);
        Assert.Equal("utf-8", text.ContentType.Charset);
        Assert.StartsWith("To: ITU-T SG17\n\nTSAG sends you", text.Text.ReplaceLineEndings("\n"));
        Assert.Contains("réponse souhaitée", raw); // 8bit, still readable in the file
        Assert.DoesNotContain(raw.Replace("\r\n", ""), c => c == '\n'); // CRLF throughout
    }

    [Fact]
    public async Task A_CR_LF_in_a_name_or_subject_cannot_add_a_header()
    {
        await using var services = TestServices.Build(azurite);
        const string injection = "\r\nBcc: victim@attacker.example\r\nX-Injected: yes";
        await services.GetRequiredService<OutboxTransport>().SendAsync(Batch(
            Copy("itu-t-sg17", $"tsbsg17@{Domain}", "ITU-T SG17" + injection, "TSAG-LS8" + injection + "\r\n\r\nbody")), default);

        var (message, raw) = await ReadAsync(services, "dispatch|itu-t-sg17");
        Assert.Empty(message.Bcc);
        Assert.False(message.Headers.Contains("Bcc"));
        Assert.False(message.Headers.Contains("X-Injected"));
        var headers = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain(headers.Split("\r\n"), line => line.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("X-Injected:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal($"tsbsg17@{Domain}", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("ITU-T SG17 Bcc: victim@attacker.example X-Injected: yes", Assert.Single(message.To.Mailboxes).Name);
        Assert.Equal("TSAG-LS8 Bcc: victim@attacker.example X-Injected: yes body", message.Subject);
    }

    [Fact]
    public async Task An_invalid_address_is_refused_and_sending_again_overwrites_the_same_file()
    {
        await using var services = TestServices.Build(azurite);
        var outbox = services.GetRequiredService<OutboxTransport>();
        var deliveries = await outbox.SendAsync(Batch(
            Copy("itu-t-sg17", $"tsbsg17@{Domain}", "ITU-T SG17", "First"),
            Copy("itu-t-sg13", "tsbsg13 at liaisonflow", "ITU-T SG13", "First")), default);
        Assert.True(deliveries["dispatch|itu-t-sg17"].Accepted);
        Assert.False(deliveries["dispatch|itu-t-sg13"].Accepted);
        Assert.Contains("tsbsg13 at liaisonflow", deliveries["dispatch|itu-t-sg13"].Refusal);

        await outbox.SendAsync(Batch(Copy("itu-t-sg17", $"tsbsg17@{Domain}", "ITU-T SG17", "Second")), default);
        var container = await services.GetRequiredService<StorageClients>().ContainerAsync(services.GetRequiredService<StorageNames>().OutboxContainer);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) blobs.Add(blob.Name);
        Assert.Equal([$"{Ls}/dispatch.itu-t-sg17.eml"], blobs);
        Assert.Equal("Second", (await ReadAsync(services, "dispatch|itu-t-sg17")).Message.Subject);
    }
}
