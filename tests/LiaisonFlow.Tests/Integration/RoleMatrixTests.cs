using System.Net.Http.Headers;
using System.Text;
using LiaisonFlow.Tests.Api;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>
/// Every route × every kind of caller against the real local host: the status role-matrix.json expects,
/// and 401/403 as problem+json. <see cref="RoleMatrixRouteTests"/> keeps the table in step with the routes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RoleMatrixTests(AzuriteFixture azurite) : TsagHostTest(azurite, "roles")
{
    [Fact]
    public async Task Each_caller_gets_the_status_the_role_matrix_expects_on_each_route()
    {
        var matrix = RoleMatrix.Load();
        // Redirects are answers too (GET /dashboard → 302), so they are not followed.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var failures = new List<string>();
        var cells = 0;
        foreach (var row in matrix.Routes)
        {
            foreach (var (caller, key) in matrix.Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path.TrimStart('/'));
                if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                if (row.Json is not null) request.Content = new StringContent(row.Json, Encoding.UTF8, "application/json");
                else if (row.Text is not null) request.Content = new StringContent(row.Text, Encoding.UTF8, "text/plain");
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = row.Expect[caller];
                cells++;
                if (status != expected)
                    failures.Add($"{row} as {caller}: {status}, expected {expected}: {Shorten(await response.Content.ReadAsStringAsync())}");
                else if (status is 401 or 403 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{row} as {caller}: {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not application/problem+json");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} cells differ from role-matrix.json:\n{string.Join("\n", failures)}");
        Assert.Equal(matrix.Routes.Count * matrix.Callers.Count, cells);
    }

    static string Shorten(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
