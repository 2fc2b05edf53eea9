using System.Text.RegularExpressions;
using LiaisonFlow.Api;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Api;

/// <summary>
/// The role matrix covers exactly the routes the local host maps: a new route without a row (or a row
/// left behind by a removed route) fails here, before anyone forgets who may call it.
/// </summary>
public sealed class RoleMatrixRouteTests
{
    static readonly RoleMatrix Matrix = RoleMatrix.Load();

    [Fact]
    public void Every_mapped_route_has_a_row_and_every_row_a_route()
    {
        var mapped = ApiRoutes().Concat(LocalHostProgramRoutes()).ToList();
        var rows = Matrix.Routes.Select(r => $"{r.Method} {r.Route}").ToList();

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.True(mapped.Count > 20, $"Only {mapped.Count} routes found; is the route reading broken?");
        var missing = mapped.Except(rows).ToList();
        var stale = rows.Except(mapped).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"role-matrix.json is out of step with the routes.\nMapped but without a row: {string.Join(", ", missing)}\nRows without a route: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Every_row_expects_a_status_from_every_caller_and_sends_a_path_its_route_matches()
    {
        foreach (var row in Matrix.Routes)
        {
            Assert.True(Matrix.Callers.Keys.Order().SequenceEqual(row.Expect.Keys.Order()), $"{row}: expect names {string.Join(", ", row.Expect.Keys)}");
            Assert.All(row.Expect.Values, status => Assert.InRange(status, 200, 599));
            var pattern = "^" + Regex.Replace(Regex.Escape(row.Route), @"\\\{[^}]+}", "[^/]+") + "$";
            Assert.Matches(pattern, row.Path.Split('?')[0]);
        }
    }

    [Fact]
    public void Signed_out_callers_get_401_wherever_a_signed_in_caller_is_refused_or_checked()
    {
        // A route open to anyone answers the bad key as it answers no key; any other answers both with 401.
        foreach (var row in Matrix.Routes)
        {
            var open = row.Expect["none"] is not 401;
            Assert.True(row.Expect["bad"] == row.Expect["none"], $"{row}: a wrong key is answered as no key");
            if (open) Assert.DoesNotContain(row.Expect.Values, s => s is 401 or 403);
        }
    }

    /// <summary>"GET /api/liaisons/{id}" for each endpoint <see cref="ApiEndpoints.MapLiaisonFlowApi"/> maps, read from its route table.</summary>
    static IEnumerable<string> ApiRoutes() => ApiRouteTable.Endpoints()
        .SelectMany(e => (e.Methods ?? ["ANY"]).Select(method => $"{method} /{e.Pattern.TrimStart('/')}"));

    /// <summary>The routes functions/LiaisonFlow.LocalHost/Program.cs maps itself, read from its text.</summary>
    static IEnumerable<string> LocalHostProgramRoutes()
    {
        var program = File.ReadAllText(Path.Combine(RepoPaths.Root, "functions", "LiaisonFlow.LocalHost", "Program.cs"));
        var routes = new List<string>();
        foreach (Match call in Regex.Matches(program, @"\bapp\.Map(\w*)\(\s*(""[^""]*"")?"))
        {
            var kind = call.Groups[1].Value;
            if (kind == "LiaisonFlowApi") continue;
            Assert.True(kind is "Get" or "Post" or "Put" or "Delete" or "Patch" && call.Groups[2].Success,
                $"Program.cs maps with app.Map{kind}(…); teach {nameof(RoleMatrixRouteTests)} to read it.");
            routes.Add($"{kind.ToUpperInvariant()} {call.Groups[2].Value.Trim('"')}");
        }
        return routes;
    }
}
