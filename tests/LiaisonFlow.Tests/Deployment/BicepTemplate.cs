using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Deployment;

/// <summary>
/// infra-bicep/main.bicep compiled by the Bicep CLI from NuGet (the same binary CI lints with), read
/// as the ARM template Azure would receive: module resources are flattened out of their nested
/// deployments, each with the variables of the module it came from.
/// </summary>
public sealed class BicepTemplate
{
    public static Lazy<BicepTemplate> Main { get; } = new(() => Compile(Path.Combine(RepoPaths.Root, "infra-bicep", "main.bicep")));

    public required JsonObject Root { get; init; }
    public required IReadOnlyList<TemplateResource> Resources { get; init; }

    public IEnumerable<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public TemplateResource Single(string type) => Assert.Single(OfType(type));

    public string Output(string name) => Root["outputs"]?[name]?["value"]?.GetValue<string>()
        ?? throw new Xunit.Sdk.XunitException($"main.bicep has no output '{name}'.");

    static BicepTemplate Compile(string file)
    {
        var bicep = typeof(BicepTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value!;
        var start = new ProcessStartInfo(bicep, ["build", file, "--stdout"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"bicep build failed ({process.ExitCode}): {stderr.Result}");

        var root = JsonNode.Parse(stdout.Result)!.AsObject();
        var resources = new List<TemplateResource>();
        Flatten(root, resources);
        return new BicepTemplate { Root = root, Resources = resources };
    }

    static void Flatten(JsonObject template, List<TemplateResource> into)
    {
        var variables = template["variables"] as JsonObject ?? [];
        // Templates with symbolic names (languageVersion 2.0) keep resources in an object.
        var resources = template["resources"] switch
        {
            JsonArray list => list.OfType<JsonObject>(),
            JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            var type = resource["type"]!.GetValue<string>();
            into.Add(new TemplateResource(type, resource, variables));
            if (type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
                Flatten(nested, into);
        }
    }
}

public sealed record TemplateResource(string Type, JsonObject Json, JsonObject Variables)
{
    public JsonNode? this[string path] => path.Split('.').Aggregate((JsonNode?)Json, (node, key) => node?[key]);

    public string? Text(string path) => this[path] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public bool? Flag(string path) => this[path] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}
