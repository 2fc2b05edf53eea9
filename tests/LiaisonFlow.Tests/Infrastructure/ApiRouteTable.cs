using LiaisonFlow.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>The routes <see cref="ApiEndpoints.MapLiaisonFlowApi"/> maps, read from a route table built in-process, without a server.</summary>
public static class ApiRouteTable
{
    /// <summary>Each endpoint's HTTP methods (null: any method) and route pattern as written.</summary>
    public static IReadOnlyList<(IReadOnlyList<string>? Methods, string Pattern)> Endpoints()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Registered only so minimal-API parameter inference treats the handler classes (LiaisonApi,
        // ReplyApi, ...) as services, not request bodies; building the route table never resolves them.
        foreach (var handlers in typeof(LiaisonApi).Assembly.GetTypes().Where(t => t.Namespace == typeof(LiaisonApi).Namespace && t.IsClass && t.Name.EndsWith("Api", StringComparison.Ordinal)))
            builder.Services.AddSingleton(handlers, _ => throw new NotSupportedException());
        builder.Services.AddSingleton<DurableTaskClient>(_ => throw new NotSupportedException());
        var app = builder.Build();
        app.MapLiaisonFlowApi();
        return [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods, endpoint.RoutePattern.RawText!))];
    }
}
