using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiaisonFlow.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Api;

/// <summary>
/// Who is calling. In Azure, App Service authentication signs people in and passes their app roles
/// in X-MS-CLIENT-PRINCIPAL; locally, "Authorization: Bearer &lt;key&gt;" with keys from settings.
/// </summary>
public sealed class Access(IOptions<LiaisonFlowOptions> options)
{
    /// <summary>Anyone signed in with a role: reading LSs and the dashboard.</summary>
    public static readonly Role[] AnyRole = Enum.GetValues<Role>();

    public Caller? Identify(HttpContext http)
    {
        var auth = options.Value.Auth;
        var trustHeader = auth.TrustClientPrincipalHeader
            ?? string.Equals(Environment.GetEnvironmentVariable("WEBSITE_AUTH_ENABLED"), "true", StringComparison.OrdinalIgnoreCase);
        if (trustHeader && http.Request.Headers.TryGetValue("X-MS-CLIENT-PRINCIPAL", out var principal))
            return FromClientPrincipal(principal.ToString());

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var key = header["Bearer ".Length..].Trim();
        foreach (var (configured, roles) in auth.ApiKeys)
        {
            // Constant-time comparison: keys are secrets.
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(configured), Encoding.UTF8.GetBytes(key)))
                return new Caller($"{roles.ToLowerInvariant()} (local key)", ParseRoles(roles.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)));
        }
        return null;
    }

    /// <summary>Null when allowed, else the 401 or 403 problem to answer.</summary>
    public IResult? Require(HttpContext http, out Caller caller, params Role[] allowed)
    {
        var identified = Identify(http);
        caller = identified ?? Caller.Anonymous;
        if (identified is null) return Problems.Unauthorized();
        if (caller.IsAny(allowed)) return null;
        return Problems.Forbidden($"This needs the role {string.Join(" or ", allowed.Append(Role.Secretariat).Distinct())}; you have {(caller.Roles.Count == 0 ? "none" : string.Join(", ", caller.Roles))}.");
    }

    static Caller? FromClientPrincipal(string base64)
    {
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(base64));
            var root = doc.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var rt) ? rt.GetString() : null;
            var nameType = root.TryGetProperty("name_typ", out var nt) ? nt.GetString() : null;
            var roles = new List<string>();
            string? name = null;
            foreach (var claim in root.GetProperty("claims").EnumerateArray())
            {
                var type = claim.GetProperty("typ").GetString();
                var value = claim.GetProperty("val").GetString() ?? "";
                if (type == roleType || type is "roles" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role") roles.Add(value);
                if (type == nameType || (name is null && type is "name" or "preferred_username")) name = value;
            }
            return new Caller(name ?? "signed-in user", ParseRoles(roles));
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    static HashSet<Role> ParseRoles(IEnumerable<string> names) =>
        [.. names.Select(n => Enum.TryParse<Role>(n.Trim(), ignoreCase: true, out var r) ? (Role?)r : null).OfType<Role>()];
}
