using System.Text.Json;
using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;

namespace LiaisonFlow.Tests.Api;

/// <summary>
/// tests/LiaisonFlow.Tests/Api/role-matrix.json: every route × every kind of caller → the status expected.
/// Read from the repository (as the TSAG data is), so editing the table needs no rebuild.
/// </summary>
public sealed record RoleMatrix(IReadOnlyDictionary<string, string?> Callers, IReadOnlyList<RoleMatrixRow> Routes)
{
    public static string FilePath => Path.Combine(RepoPaths.Root, "tests", "LiaisonFlow.Tests", "Api", "role-matrix.json");

    public static RoleMatrix Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(FilePath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var callers = root["callers"]!.AsObject().ToDictionary(c => c.Key, c => (string?)c.Value);
        var routes = root["routes"]!.AsArray().Select(r => new RoleMatrixRow(
            (string)r!["method"]!,
            (string)r["route"]!,
            (string)r["path"]!,
            r["json"]?.ToJsonString(),
            (string?)r["text"],
            r["expect"]!.AsObject().ToDictionary(e => e.Key, e => (int)e.Value!))).ToList();
        return new RoleMatrix(callers, routes);
    }
}

/// <param name="Route">The route template as mapped, with "/" and the "/api" group prefix: "/api/liaisons/{id}".</param>
/// <param name="Path">The request sent for it.</param>
/// <param name="Json">A JSON body to send, or null.</param>
/// <param name="Text">A text/plain body to send, or null.</param>
/// <param name="Expect">Caller name → status.</param>
public sealed record RoleMatrixRow(string Method, string Route, string Path, string? Json, string? Text, IReadOnlyDictionary<string, int> Expect)
{
    public override string ToString() => $"{Method} {Path}";
}
