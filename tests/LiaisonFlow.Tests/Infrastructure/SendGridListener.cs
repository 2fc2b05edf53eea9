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
/// A test can make it refuse addresses (400 with SendGrid's errors JSON) or answer the next requests
/// with a given status.
/// </summary>
public sealed class SendGridListener : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<string, string> refused = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentQueue<(string Authorization, JsonNode Body)> Requests { get; } = new();

    /// <summary>The status each request was answered with, in the order of <see cref="Requests"/>.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>
    /// The status to answer the n-th request (counting from 1) with, before refusals are looked at — e.g. 500, 429,
    /// 401 or 202; null answers as usual. A 400 from here carries the refusals' errors.
    /// </summary>
    public Func<int, int?> StatusFor { get; set; } = _ => null;

    /// <summary>When true, a refusal's error has no "field" (no personalization index), as some of SendGrid's 400s do.</summary>
    public bool RefusalsNameNoField { get; set; }

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
            lock (Requests)
            {
                Requests.Enqueue((http.Request.Headers.Authorization.ToString(), body));
                var status = StatusFor(Requests.Count) ?? (Errors(body) is { Count: > 0 } ? StatusCodes.Status400BadRequest : StatusCodes.Status202Accepted);
                Answers.Enqueue(status);
                if (status is >= 200 and < 300)
                {
                    http.Response.Headers["X-Message-Id"] = $"msg-{Requests.Count}";
                    return Results.StatusCode(status);
                }
                var errors = status == StatusCodes.Status400BadRequest ? Errors(body) : [new JsonObject { ["message"] = $"Simulated {status}.", ["field"] = null, ["help"] = null }];
                return Results.Text(new JsonObject { ["errors"] = new JsonArray([.. errors]) }.ToJsonString(), "application/json", null, status);
            }
        });
    }

    /// <summary>From now on, a request with <paramref name="email"/> in any personalization's "to" is answered 400, naming it.</summary>
    public void Refuse(string email, string message = "Does not contain a valid address.") => refused[email] = message;

    /// <summary>SendGrid's error objects for the refused addresses in a request body.</summary>
    List<JsonNode> Errors(JsonNode body)
    {
        var errors = new List<JsonNode>();
        var personalizations = body["personalizations"]?.AsArray() ?? [];
        for (var p = 0; p < personalizations.Count; p++)
        {
            var to = personalizations[p]?["to"]?.AsArray() ?? [];
            for (var t = 0; t < to.Count; t++)
            {
                if ((string?)to[t]?["email"] is { } email && refused.TryGetValue(email, out var message))
                    errors.Add(new JsonObject
                    {
                        ["message"] = message,
                        ["field"] = RefusalsNameNoField ? null : $"personalizations.{p}.to.{t}.email",
                        ["help"] = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations.to",
                    });
            }
        }
        return errors;
    }

    public Task StartAsync() => app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
