using LiaisonFlow.Mail;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiaisonFlow.Tests.Mail;

/// <summary>The mail log makes sending at most once per key, on the real MailLog table in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MailerTests(AzuriteFixture azurite)
{
    /// <summary>A provider that accepts, refuses, or dies mid-call (as a host crash would look from the next try).</summary>
    sealed class ScriptedTransport : IMailTransport
    {
        public int Calls;
        public Func<int, Exception?> Outcome { get; set; } = _ => null;
        public string Name => "Scripted";

        public Task<IReadOnlyDictionary<string, MailDelivery>> SendAsync(MailBatch batch, CancellationToken ct)
        {
            var call = Interlocked.Increment(ref Calls);
            return Outcome(call) is { } e
                ? Task.FromException<IReadOnlyDictionary<string, MailDelivery>>(e)
                : Task.FromResult<IReadOnlyDictionary<string, MailDelivery>>(batch.Recipients.ToDictionary(r => r.Key, _ => new MailDelivery(true, $"id-{call}", null)));
        }
    }

    static OutgoingMail Mail(string key) => new("mailer-ls", key, "Dispatch", [new MailRecipient("tsbsg17@liaisonflow.example")], "TSAG-LS8: test", "body");

    (Mailer, ScriptedTransport, MailLog) Make(ServiceProvider services)
    {
        var transport = new ScriptedTransport();
        var log = services.GetRequiredService<MailLog>();
        return (new Mailer(transport, log, TimeProvider.System, NullLogger<Mailer>.Instance), transport, log);
    }

    [Fact]
    public async Task A_mail_is_sent_once_however_often_it_is_asked_for()
    {
        await using var services = TestServices.Build(azurite);
        var (mailer, transport, log) = Make(services);
        Assert.Equal(MailStatus.Sent, await mailer.SendOnceAsync(Mail("dispatch|itu-t-sg17")));
        Assert.Equal(MailStatus.Sent, await mailer.SendOnceAsync(Mail("dispatch|itu-t-sg17")));
        Assert.Equal(1, transport.Calls);
        var entry = Assert.Single(await log.ListAsync("mailer-ls"));
        Assert.Equal("id-1", entry.ProviderMessageId);
    }

    [Fact]
    public async Task A_refused_mail_is_retried_and_a_send_cut_off_midway_is_never_repeated()
    {
        await using var services = TestServices.Build(azurite);
        var (mailer, transport, log) = Make(services);

        transport.Outcome = call => call == 1 ? new MailUnavailableException("SendGrid answered 503") : null;
        await Assert.ThrowsAsync<MailUnavailableException>(() => mailer.SendOnceAsync(Mail("refused")));
        Assert.Equal(MailStatus.Failed, (await log.GetAsync("mailer-ls", "refused"))!.Value.Entry.Status);
        Assert.Equal(MailStatus.Sent, await mailer.SendOnceAsync(Mail("refused")));
        Assert.Equal(2, (await log.GetAsync("mailer-ls", "refused"))!.Value.Entry.Attempts);

        // The process "dies" inside the provider call: the row stays Sending.
        transport.Outcome = _ => new TaskCanceledException("host stopped");
        await Assert.ThrowsAsync<TaskCanceledException>(() => mailer.SendOnceAsync(Mail("cut-off")));
        transport.Outcome = _ => null;
        var calls = transport.Calls;
        Assert.Equal(MailStatus.Uncertain, await mailer.SendOnceAsync(Mail("cut-off")));
        Assert.Equal(MailStatus.Uncertain, await mailer.SendOnceAsync(Mail("cut-off")));
        Assert.Equal(calls, transport.Calls);
    }
}
