using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public sealed class DocumentTests(AzuriteFixture azurite) : TsagHostTest(azurite, "docs")
{
    [Fact]
    public async Task A_TD_is_stored_with_its_hash_listed_on_the_LS_and_read_back_byte_for_byte()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        var bytes = Encoding.UTF8.GetBytes("TD 117 Rev.1 — LS on open source (开源)");
        const string fileName = "T17-TSAG-170501-TD-GEN-0117!R1!MSW-E.docx";
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        var put = await rapporteur.PutAsync($"api/liaisons/tsag-2017-05-td117/documents/{Uri.EscapeDataString(fileName)}", content);
        Assert.Equal(201, (int)put.StatusCode);

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var ls = (await rapporteur.GetJsonAsync("api/liaisons/tsag-2017-05-td117")).Body!;
        var doc = Assert.Single(ls["documents"]!.AsArray())!;
        Assert.Equal(fileName, (string?)doc["fileName"]);
        Assert.Equal(sha, (string?)doc["sha256"]);
        Assert.Equal(bytes.Length, (long)doc["length"]!);
        Assert.Contains(ls["history"]!.AsArray(), h => (string?)h!["event"] == "DocumentUploaded" && ((string?)h["detail"])!.Contains(sha));

        var get = await rapporteur.GetAsync((string)doc["url"]!);
        Assert.Equal(200, (int)get.StatusCode);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:", get.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal(fileName, get.Content.Headers.ContentDisposition?.FileNameStar);

        using var again = new ByteArrayContent(bytes);
        Assert.Equal(200, (int)(await rapporteur.PutAsync($"api/liaisons/tsag-2017-05-td117/documents/{Uri.EscapeDataString(fileName)}", again)).StatusCode);
        Assert.Equal(404, (int)(await rapporteur.GetAsync("api/liaisons/tsag-2017-05-td117/documents/absent.docx")).StatusCode);
    }
}
