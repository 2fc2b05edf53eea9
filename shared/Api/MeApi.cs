using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>Who the caller is: the pages show each person the actions of their roles.</summary>
public sealed class MeApi(Access access)
{
    public IResult Get(HttpContext http)
    {
        if (access.Require(http, out var caller, Access.AnyRole) is { } denied) return denied;
        return Results.Json(new { name = caller.Name, roles = caller.Roles.Order().Select(r => r.ToString()) }, ApiJson.Options);
    }
}
