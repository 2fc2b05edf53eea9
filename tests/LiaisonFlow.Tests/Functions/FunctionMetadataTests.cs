using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiaisonFlow.Api;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Functions;

/// <summary>
/// Checks the Functions app's generated functions.metadata (the Core Tools can't run here) against
/// the local host's route table and the shared workflow names, so the two hosts can't drift apart.
/// </summary>
public class FunctionMetadataTests
{
    // host.json's extensions.http.routePrefix; the local host maps the same prefix as a route group.
    const string RoutePrefix = "api";

    static readonly Lazy<IReadOnlyList<FunctionEntry>> Functions = new(ReadMetadata);

    [Fact]
    public void Every_local_host_route_has_an_http_function_and_nothing_more()
    {
        var expected = LocalHostRoutes();
        var actual = Functions.Value
            .Where(f => f.Trigger.Type == "httpTrigger")
            .SelectMany(f => f.Trigger.Methods.Select(m => new Route(m, NormaliseRoute($"{RoutePrefix}/{f.Trigger.Route}"))))
            .ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(actual.Count, actual.Distinct().Count());
        Assert.Equal(expected.Order().ToList(), actual.Order().ToList());
    }

    [Fact]
    public void Http_functions_are_anonymous()
    {
        // Roles are enforced by the shared handlers; a function key on top would lock out bearer-key callers.
        Assert.All(Functions.Value.Where(f => f.Trigger.Type == "httpTrigger"),
            f => Assert.Equal("Anonymous", f.Trigger.AuthLevel, ignoreCase: true));
    }

    [Fact]
    public void The_orchestrator_is_registered_under_its_shared_name()
    {
        var orchestrators = Functions.Value.Where(f => f.Trigger.Type == "orchestrationTrigger").Select(f => f.Name);
        Assert.Equal([LiaisonOrchestrator.Name], orchestrators);
    }

    [Fact]
    public void Activities_are_exactly_the_shared_activity_names()
    {
        var activities = Functions.Value.Where(f => f.Trigger.Type == "activityTrigger").Select(f => f.Name);
        Assert.Equal(ActivityNames.All.Order(StringComparer.Ordinal), activities.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_function_has_exactly_one_trigger_and_a_unique_name()
    {
        Assert.Equal(Functions.Value.Count, Functions.Value.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    /// <summary>Method and normalised route of each endpoint <see cref="ApiEndpoints.MapLiaisonFlowApi"/> maps.</summary>
    static List<Route> LocalHostRoutes() =>
    [
        .. ApiRouteTable.Endpoints().SelectMany(e =>
            (e.Methods ?? throw new InvalidOperationException($"{e.Pattern} accepts any method; Functions triggers list theirs."))
                .Select(m => new Route(m, NormaliseRoute(e.Pattern)))),
    ];

    /// <summary>
    /// Compares routes as both hosts match them: no leading slash, literals case-insensitive, and
    /// parameters by name only (constraints, defaults and optional markers dropped).
    /// </summary>
    static string NormaliseRoute(string route)
    {
        var segments = route.Trim('/').Split('/')
            .Select(s => Regex.Replace(s, @"\{\*{0,2}([^}:=?]+)[^}]*\}", "{$1}"))
            .Select(s => s.StartsWith('{') ? s : s.ToLowerInvariant());
        return string.Join('/', segments);
    }

    static IReadOnlyList<FunctionEntry> ReadMetadata()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        return json.RootElement.EnumerateArray().Select(function =>
        {
            var name = function.GetProperty("name").GetString()!;
            var triggers = function.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("direction").GetString() == "In"
                    && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))
                .Select(b => new Trigger(
                    b.GetProperty("type").GetString()!,
                    b.TryGetProperty("route", out var route) ? route.GetString() : null,
                    b.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList() : [],
                    b.TryGetProperty("authLevel", out var auth) ? auth.GetString() : null))
                .ToList();
            Assert.True(triggers.Count == 1, $"{name} has {triggers.Count} triggers.");
            return new FunctionEntry(name, triggers[0]);
        }).ToList();
    }

    /// <summary>
    /// functions.metadata from the Functions build with the test assembly's own configuration,
    /// else the newest of any configuration.
    /// </summary>
    static string MetadataPath()
    {
        var bin = Path.Combine(RepoRoot(), "functions", "LiaisonFlow.Functions", "bin");
        var configuration = typeof(FunctionMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        if (configuration is not null)
        {
            var same = Path.Combine(bin, configuration, "net10.0", "functions.metadata");
            if (File.Exists(same)) return same;
        }
        var any = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "functions.metadata", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return any ?? throw new FileNotFoundException($"No functions.metadata under {bin}; build functions/LiaisonFlow.Functions first.");
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiaisonFlow.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"LiaisonFlow.sln not found above {AppContext.BaseDirectory}.");
    }

    sealed record FunctionEntry(string Name, Trigger Trigger);

    sealed record Trigger(string Type, string? Route, IReadOnlyList<string> Methods, string? AuthLevel);

    sealed record Route(string Method, string Template) : IComparable<Route>
    {
        public int CompareTo(Route? other) =>
            other is null ? 1 : StringComparer.Ordinal.Compare($"{Method} {Template}", $"{other.Method} {other.Template}");

        public override string ToString() => $"{Method} {Template}";
    }
}
