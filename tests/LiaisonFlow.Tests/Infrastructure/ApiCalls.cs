using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>Small helpers for talking JSON to the API as a person's script would.</summary>
public static class ApiCalls
{
    public static async Task<(int Status, JsonNode? Body, string? ContentType)> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw) request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await BodyAsync(response), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The answer's body as JSON, or as a JSON string when it is not JSON; null when empty.</summary>
    public static async Task<JsonNode?> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    public static Task<(int Status, JsonNode? Body, string? ContentType)> PostAsync(this HttpClient client, string path, object? body = null) =>
        client.SendAsync(HttpMethod.Post, path, body);

    public static Task<(int Status, JsonNode? Body, string? ContentType)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path);

    public static async Task<JsonNode> ImportTsagAsync(this HttpClient secretariat)
    {
        var (status, body, _) = await secretariat.PostAsync("api/meetings/import", await File.ReadAllTextAsync(RepoPaths.TsagData));
        if (status != 200) throw new InvalidOperationException($"Import answered {status}: {body}");
        return body!;
    }

    /// <summary>
    /// The LS's mail log once at least <paramref name="count"/> mails are in it and none is still waiting to
    /// go: a state change queues its mail in the same write, and the workflow hands it to the provider after.
    /// </summary>
    public static async Task<JsonArray> WaitForMailAsync(this HttpClient secretariat, string id, int count = 1, TimeSpan? timeout = null) =>
        (await Eventually.GetAsync(
            async () => (await secretariat.GetJsonAsync($"api/mail?liaison={id}")).Body!.AsArray(),
            mail => mail.Count >= count && mail.All(m => (string?)m!["status"] is "Sent" or "Refused"),
            timeout ?? TimeSpan.FromSeconds(60),
            $"{count} mail(s) of {id} to be sent"))!;

    /// <summary>Waits until the stored LS reaches a state.</summary>
    public static Task<JsonNode> WaitForStateAsync(this HttpClient client, string id, string state, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            async () => (await client.GetJsonAsync($"api/liaisons/{id}")).Body!,
            ls => (string?)ls["state"] == state,
            timeout ?? TimeSpan.FromSeconds(60),
            $"LS {id} to reach {state}");
}
