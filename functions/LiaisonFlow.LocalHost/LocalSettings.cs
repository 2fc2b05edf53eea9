using System.Text.Json;

namespace LiaisonFlow.LocalHost;

/// <summary>
/// Reads the Functions app's local.settings.json (or the committed sample) so both hosts run from
/// one settings file. "Values" keys use the Functions form "A__B", which is configuration key "A:B".
/// </summary>
static class LocalSettings
{
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string? explicitPath)
    {
        var path = explicitPath ?? Find();
        if (path is null) return builder;
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (doc.RootElement.TryGetProperty("Values", out var settings))
            foreach (var setting in settings.EnumerateObject())
                values[setting.Name.Replace("__", ":")] = setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText();
        values["LocalHost:SettingsFile"] = path;
        return builder.AddInMemoryCollection(values);
    }

    // The functions/ folder's local.settings.json if a developer made one, else the sample at the repo root.
    static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "LiaisonFlow.sln"))) continue;
            foreach (var candidate in new[] { "functions/LiaisonFlow.Functions/local.settings.json", "local.settings.json", "local.settings.sample.json" })
                if (File.Exists(Path.Combine(dir.FullName, candidate))) return Path.Combine(dir.FullName, candidate);
        }
        return null;
    }
}
