using LiaisonFlow.Domain;
using System.Text.Json.Nodes;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiaisonFlow.Tests.Mail;

/// <summary>The SendGrid transport through the real SendGrid client, against the loopback listener.</summary>
public sealed class SendGridTransportTests : IAsyncLifetime
{
    const string Domain = "liaisonflow.example";
    const string Ls = "tsag-2017-05-td117";

    readonly SendGridListener listener = new();
    readonly ServiceProvider services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public Task InitializeAsync() => listener.StartAsync();

    public async Task DisposeAsync()
    {
        await listener.DisposeAsync();
        await services.DisposeAsync();
    }

    SendGridTransport Transport(string? host = null) => new(
        Options.Create(new LiaisonFlowOptions { Mail = { SendGridApiKey = "SG.test-key", SendGridHost = host ?? listener.Host } }),
        services.GetRequiredService<IHttpClientFactory>());

    static string Email(int group) => $"tsbsg{group}@{Domain}";

    static BatchRecipient Copy(int group, string? name = null, string? subject = null) =>
        new($"chaser|itu-t-sg{group}", [new MailRecipient(Email(group), name ?? $"ITU-T SG{group}")], subject ?? $"Reminder: TSAG-LS8 (SG{group})",
            new Dictionary<string, string> { ["-groupName-"] = $"ITU-T SG{group}" }, MailIds.MessageId(Ls, $"chaser|itu-t-sg{group}", Domain));

    static MailBatch Batch(params BatchRecipient[] copies) => new(Ls, MailKind.Chaser, "To: -groupName-\n\nA reminder.", copies, new MailRecipient($"tsbtsag@{Domain}", "TSAG secretariat"));

    static MailBatch FiveGroups() => Batch([.. Enumerable.Range(11, 5).Select(g => Copy(g))]);

    static List<string> Emails(JsonNode body) =>
        [.. body["personalizations"]!.AsArray().Select(p => (string)p!["to"]![0]!["email"]!)];

    [Fact]
    public async Task One_bad_address_among_five_is_refused_and_the_other_four_go_in_a_second_request()
    {
        listener.Refuse(Email(14));
        var deliveries = await Transport().SendAsync(FiveGroups(), default);

        var requests = listener.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(new[] { 400, 202 }, listener.Answers.ToArray());
        Assert.Equal([.. Enumerable.Range(11, 5).Select(Email)], Emails(requests[0].Body));
        Assert.Equal([Email(11), Email(12), Email(13), Email(15)], Emails(requests[1].Body));

        Assert.Equal(5, deliveries.Count);
        var refused = deliveries["chaser|itu-t-sg14"];
        Assert.False(refused.Accepted);
        Assert.Null(refused.ProviderMessageId);
        Assert.Contains("Does not contain a valid address.", refused.Refusal);
        foreach (var group in new[] { 11, 12, 13, 15 })
            Assert.Equal(new MailDelivery(true, "msg-2", null), deliveries[$"chaser|itu-t-sg{group}"]);
    }

    [Fact]
    public async Task A_400_that_names_no_personalization_isolates_each_copy_in_a_request_of_its_own()
    {
        listener.RefusalsNameNoField = true;
        listener.Refuse(Email(12), "The to email does not contain a valid address.");
        var deliveries = await Transport().SendAsync(FiveGroups(), default);

        var requests = listener.Requests.ToList();
        Assert.Equal(6, requests.Count); // the batch, then one per copy
        Assert.Equal(5, Emails(requests[0].Body).Count);
        Assert.All(requests.Skip(1), r => Assert.Single(Emails(r.Body)));
        Assert.Equal(new[] { 400, 202, 400, 202, 202, 202 }, listener.Answers.ToArray());

        Assert.False(deliveries["chaser|itu-t-sg12"].Accepted);
        Assert.Contains("The to email does not contain a valid address.", deliveries["chaser|itu-t-sg12"].Refusal);
        var accepted = new[] { 11, 13, 14, 15 }.Select(g => deliveries[$"chaser|itu-t-sg{g}"]).ToList();
        Assert.All(accepted, d => Assert.True(d.Accepted));
        Assert.Equal(["msg-2", "msg-4", "msg-5", "msg-6"], accepted.Select(d => d.ProviderMessageId));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(413)]
    public async Task A_failure_of_the_whole_request_is_MailUnavailableException(int status)
    {
        listener.StatusFor = _ => status;
        var e = await Assert.ThrowsAsync<MailUnavailableException>(() => Transport().SendAsync(FiveGroups(), default));
        Assert.Contains(status.ToString(), e.Message);
        if (status is 401 or 403) Assert.Contains("SendGridApiKey", e.Message);
        Assert.Empty(e.Settled);
        Assert.Single(listener.Requests);
    }

    [Fact]
    public async Task An_unreachable_SendGrid_is_MailUnavailableException()
    {
        var e = await Assert.ThrowsAsync<MailUnavailableException>(() => Transport($"http://127.0.0.1:{FreePort.Next()}").SendAsync(FiveGroups(), default));
        Assert.Contains("could not be reached", e.Message);
    }

    [Fact]
    public async Task When_isolated_sends_fail_midway_the_exception_lists_the_copies_already_settled()
    {
        listener.RefusalsNameNoField = true;
        listener.Refuse(Email(12));
        listener.StatusFor = n => n == 4 ? 500 : null; // the batch (400), SG11 (202), SG12 (400), SG13 (500)
        var e = await Assert.ThrowsAsync<MailUnavailableException>(() => Transport().SendAsync(FiveGroups(), default));

        Assert.Equal(4, listener.Requests.Count);
        Assert.Equal(["chaser|itu-t-sg11", "chaser|itu-t-sg12"], e.Settled.Keys.Order());
        Assert.True(e.Settled["chaser|itu-t-sg11"].Accepted);
        Assert.False(e.Settled["chaser|itu-t-sg12"].Accepted);
    }

    [Fact]
    public async Task A_syntactically_invalid_address_is_refused_without_asking_SendGrid()
    {
        var bad = new BatchRecipient("chaser|bad", [new MailRecipient("not an address@")], "Reminder", new Dictionary<string, string>());
        var deliveries = await Transport().SendAsync(Batch(bad), default);
        Assert.Empty(listener.Requests);
        Assert.False(deliveries["chaser|bad"].Accepted);
        Assert.Contains("not an address@", deliveries["chaser|bad"].Refusal);

        deliveries = await Transport().SendAsync(Batch(Copy(11), bad, Copy(12)), default);
        var request = Assert.Single(listener.Requests);
        Assert.Equal([Email(11), Email(12)], Emails(request.Body));
        Assert.True(deliveries["chaser|itu-t-sg11"].Accepted);
        Assert.False(deliveries["chaser|bad"].Accepted);
    }

    [Fact]
    public async Task Names_and_subjects_are_sanitized_in_the_request()
    {
        var deliveries = await Transport().SendAsync(Batch(
            Copy(11, name: "Smith, John; \r\nBcc: evil@attacker.example", subject: "Reminder\r\nBcc: evil@attacker.example"),
            Copy(12, name: " ,; \t"),
            Copy(13, name: new string('x', 150))), default);
        Assert.All(deliveries.Values, d => Assert.True(d.Accepted));

        var body = Assert.Single(listener.Requests).Body;
        var personalizations = body["personalizations"]!.AsArray();
        Assert.Equal("Smith John Bcc: evil@attacker.example", (string?)personalizations[0]!["to"]![0]!["name"]);
        Assert.Equal("Reminder Bcc: evil@attacker.example", (string?)personalizations[0]!["subject"]);
        Assert.Null(personalizations[1]!["to"]![0]!["name"]);
        Assert.Equal(new string('x', 100), (string?)personalizations[2]!["to"]![0]!["name"]);
        Assert.Equal("TSAG secretariat", (string?)body["reply_to"]!["name"]);
        foreach (var p in personalizations)
        {
            var text = ((string?)p!["to"]![0]!["name"] ?? "") + (string?)p["subject"];
            Assert.DoesNotContain(text, c => c is ',' or ';' or '\r' or '\n');
        }
    }

    [Fact]
    public async Task Each_personalization_carries_its_own_Message_ID()
    {
        await Transport().SendAsync(Batch(Copy(11), Copy(12), new BatchRecipient("summary", [new MailRecipient($"tsbtsag@{Domain}")], "Summary", new Dictionary<string, string>())), default);
        var personalizations = Assert.Single(listener.Requests).Body["personalizations"]!.AsArray();
        Assert.Equal($"<{Ls}.chaser.itu-t-sg11@{Domain}>", (string?)personalizations[0]!["headers"]!["Message-ID"]);
        Assert.Equal($"<{Ls}.chaser.itu-t-sg12@{Domain}>", (string?)personalizations[1]!["headers"]!["Message-ID"]);
        Assert.Null(personalizations[2]!["headers"]?["Message-ID"]);
        Assert.Equal("chaser|itu-t-sg12", (string?)personalizations[1]!["custom_args"]!["mailKey"]);
    }
}
