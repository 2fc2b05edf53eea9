using System.Text;
using System.Text.Json;
using LiaisonFlow.Api;
using LiaisonFlow.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiaisonFlow.Tests.Api;

public class AccessTests
{
    static Access Make(bool? trustHeader = null) => new(Options.Create(new LiaisonFlowOptions
    {
        Auth = new AuthOptions
        {
            ApiKeys = new() { ["dev-rapporteur"] = "Rapporteur", ["dev-chair"] = "Chair", ["dev-secretariat"] = "Secretariat", ["two-hats"] = "Rapporteur, Chair" },
            TrustClientPrincipalHeader = trustHeader,
        },
    }));

    static HttpContext Request(string? bearer = null, string? principal = null)
    {
        var http = new DefaultHttpContext();
        if (bearer is not null) http.Request.Headers.Authorization = $"Bearer {bearer}";
        if (principal is not null) http.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = principal;
        return http;
    }

    static string Principal(params string[] roles) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad",
        name_typ = "name",
        role_typ = "roles",
        claims = roles.Select(r => new { typ = "roles", val = r }).Append(new { typ = "name", val = "Bilel Jamoussi" }),
    })));

    static int? Status(IResult? result) => (result as IStatusCodeHttpResult)?.StatusCode;

    [Theory]
    [InlineData("dev-rapporteur", new[] { Role.Rapporteur }, null)]
    [InlineData("dev-chair", new[] { Role.Rapporteur }, 403)]
    [InlineData("dev-chair", new[] { Role.Chair }, null)]
    [InlineData("dev-secretariat", new[] { Role.Chair }, null)]     // the secretariat may do everything
    [InlineData("two-hats", new[] { Role.Chair }, null)]
    [InlineData("wrong", new[] { Role.Rapporteur }, 401)]
    [InlineData("dev-chai", new[] { Role.Chair }, 401)]
    public void Bearer_keys_carry_their_roles(string key, Role[] allowed, int? expected) =>
        Assert.Equal(expected, Status(Make().Require(Request(key), out _, allowed)));

    [Fact]
    public void No_credentials_is_401_and_the_caller_is_anonymous()
    {
        var result = Make().Require(Request(), out var caller, Role.Chair);
        Assert.Equal(401, Status(result));
        Assert.Same(Caller.Anonymous, caller);
    }

    [Fact]
    public void The_App_Service_principal_header_is_trusted_only_when_App_Service_authentication_is_on()
    {
        var forged = Request(principal: Principal("Secretariat"));
        Assert.Equal(401, Status(Make(trustHeader: false).Require(forged, out _, Role.Secretariat)));

        var signedIn = Request(principal: Principal("Chair"));
        Assert.Null(Make(trustHeader: true).Require(signedIn, out var caller, Role.Chair));
        Assert.Equal("Bilel Jamoussi", caller.Name);
        Assert.Equal(403, Status(Make(trustHeader: true).Require(signedIn, out _, Role.Rapporteur)));
        Assert.Equal(401, Status(Make(trustHeader: true).Require(Request(principal: "not base64!"), out _, Role.Chair)));
    }
}
