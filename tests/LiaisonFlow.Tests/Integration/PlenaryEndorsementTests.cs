using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>
/// The chair endorses several LSs in one action (POST /api/meetings/{id}/endorse): they are numbered in the
/// order given, each is dispatched once, a repeated batch changes nothing, and an LS not awaiting
/// endorsement answers 409 without holding back the others.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PlenaryEndorsementTests(AzuriteFixture azurite) : TsagHostTest(azurite, "plenary")
{
    const string First = "tsag-2017-05-td140", Second = "tsag-2017-05-td141", NotSubmitted = "tsag-2017-05-td142", Single = "tsag-2017-05-td143";

    [Fact]
    public async Task A_batch_numbers_in_the_order_given_dispatches_each_once_and_a_repeat_changes_nothing()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        using var tsb = Host.Client("dev-secretariat");
        foreach (var id in new[] { First, Second, NotSubmitted, Single })
            Assert.Equal(201, (await rapporteur.PostAsync("api/liaisons", NewLiaison.Draft(id))).Status);
        foreach (var id in new[] { First, Second, Single })
        {
            Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{id}/submit")).Status);
            await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");
        }

        // Given Second before First: Second is TSAG-LS8, First TSAG-LS9 (TSAG-LS1 … LS7 are the imported ones).
        var batch = new { liaisons = new[] { Second, NotSubmitted, First, "tsag-2017-05-td999" }, reason = "Agreed at the closing plenary." };
        var (status, body) = await EndorseAsync(chair, batch, "plenary-2017-05-04");
        Assert.Equal(200, status);
        var results = body!["results"]!.AsArray();
        Assert.Equal([Second, NotSubmitted, First, "tsag-2017-05-td999"], results.Select(r => (string)r!["id"]!));
        Assert.Equal([202, 409, 202, 404], results.Select(r => (int)r!["status"]!));
        Assert.Equal("TSAG-LS8", (string?)results[0]!["number"]);
        Assert.Equal("TSAG-LS9", (string?)results[2]!["number"]);
        Assert.Null(results[0]!["problem"]);
        Assert.Equal("Draft", (string?)results[1]!["state"]);
        Assert.Null(results[1]!["number"]);
        Assert.Contains("Draft", (string?)results[1]!["problem"]!["detail"]);
        Assert.Equal("Not found", (string?)results[3]!["problem"]!["title"]);

        // Both dispatched, one mail per group each.
        foreach (var (id, number) in new[] { (Second, "TSAG-LS8"), (First, "TSAG-LS9") })
        {
            var sent = await chair.WaitForStateAsync(id, "AwaitingReplies");
            Assert.Equal(number, (string?)sent["number"]);
            Assert.Contains(sent["history"]!.AsArray(), h => (string?)h!["detail"] == "Endorse: Agreed at the closing plenary.");
            var mail = await tsb.WaitForMailAsync(id, NewLiaison.Groups.Length);
            Assert.Equal(NewLiaison.Groups.Select(g => $"dispatch|{g}"), mail.Select(m => (string)m!["key"]!).Order());
        }
        Assert.Equal("Draft", (string?)(await chair.GetJsonAsync($"api/liaisons/{NotSubmitted}")).Body!["state"]);

        // The same batch again, with the same Idempotency-Key: the same answer, and nothing stored again.
        var versions = await VersionsAsync(chair, First, Second);
        var again = await EndorseAsync(chair, batch, "plenary-2017-05-04");
        Assert.Equal(200, again.Status);
        var repeated = again.Body!["results"]!.AsArray();
        Assert.Equal([202, 409, 202, 404], repeated.Select(r => (int)r!["status"]!));
        Assert.Equal(["TSAG-LS8", null, "TSAG-LS9", null], repeated.Select(r => (string?)r!["number"]));
        Assert.True((bool)repeated[0]!["alreadyApplied"]!);
        Assert.Equal(versions, await VersionsAsync(chair, First, Second));
        foreach (var id in new[] { First, Second })
        {
            var history = (await chair.GetJsonAsync($"api/liaisons/{id}")).Body!["history"]!.AsArray();
            Assert.Single(history, h => (string?)h!["event"] == "Numbered");
            Assert.Single(history, h => (string?)h!["event"] == "Dispatched");
            Assert.Equal(NewLiaison.Groups.Length, (await tsb.GetJsonAsync($"api/mail?liaison={id}")).Body!.AsArray().Count);
        }

        // Without the key, the LSs already endorsed answer 409 with the number they carry.
        var plain = await EndorseAsync(chair, new { liaisons = new[] { First } }, null);
        Assert.Equal(409, (int)plain.Body!["results"]![0]!["status"]!);
        Assert.Equal("TSAG-LS9", (string?)plain.Body["results"]![0]!["number"]);

        // A single endorse numbers before it answers, too: the next number.
        var one = await chair.PostAsync($"api/liaisons/{Single}/endorse");
        Assert.Equal(202, one.Status);
        Assert.Equal("TSAG-LS10", (string?)one.Body!["number"]);
        Assert.Equal("Endorsed", (string?)one.Body["state"]);
    }

    static async Task<(int Status, JsonNode? Body)> EndorseAsync(HttpClient chair, object body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/meetings/tsag-2017-05/endorse") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await chair.SendAsync(request);
        return ((int)response.StatusCode, await ApiCalls.BodyAsync(response));
    }

    static async Task<List<string?>> VersionsAsync(HttpClient client, params string[] ids)
    {
        var versions = new List<string?>();
        foreach (var id in ids)
        {
            using var response = await client.GetAsync($"api/liaisons/{id}");
            versions.Add(response.Headers.ETag?.Tag);
        }
        return versions;
    }
}
