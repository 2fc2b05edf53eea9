using System.Text.Json.Nodes;
using Xunit;

namespace LiaisonFlow.Tests.Deployment;

/// <summary>The Function app's settings as main.bicep declares them: name → ARM value (often an expression).</summary>
public static class AppSettings
{
    public static IReadOnlyDictionary<string, string> FromTemplate(BicepTemplate template)
    {
        var config = template.OfType("Microsoft.Web/sites/config").Single(r => r.Text("name")!.Contains("'appsettings'", StringComparison.Ordinal));
        // A literal object keeps every name visible here; a union() or variable would hide them from this check.
        var properties = Assert.IsType<JsonObject>(config["properties"]);
        return properties.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
    }
}
