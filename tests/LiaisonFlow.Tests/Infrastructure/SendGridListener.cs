using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>
/// Stands in for api.sendgrid.com on loopback: records each v3 /mail/send request body and answers
/// 202 with an X-Message-Id, as SendGrid does. The real SendGrid client talks to it.
/// </summary>
public sealed class SendGridListener : IAsyncDisposable
{
    readonly WebApplication app;
    public ConcurrentQueue<(string Authorization, JsonNode Body)> Requests { get; } = new();
    public int Port { get; } = FreePort.Next();
    public string Host => $"http://127.0.0.1:{Port}";

    public SendGridListener()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Host);
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/v3/mail/send", async (HttpContext http) =>
        {
            var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!;
            Requests.Enqueue((http.Request.Headers.Authorization.ToString(), body));
            http.Response.Headers["X-Message-Id"] = $"msg-{Requests.Count}";
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
    }

    public Task StartAsync() => app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
