using LiaisonFlow.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>The shared services wired as the hosts wire them, against the test Azurite, under a fresh storage prefix.</summary>
public static class TestServices
{
    public static IConfiguration Configuration(AzuriteFixture azurite, IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["LiaisonFlow:StoragePrefix"] = "u" + Guid.NewGuid().ToString("N")[..10],
            ["LiaisonFlow:PublicBaseUrl"] = "http://127.0.0.1:7071",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) values[k] = v;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(configuration);
        services.AddLiaisonFlow(configuration);
    }

    /// <summary>Another process on the same store, with the same settings and nothing of the first's in memory (a restart, another instance).</summary>
    public static ServiceProvider AnotherProcess(IServiceProvider services)
    {
        var again = new ServiceCollection();
        Add(again, services.GetRequiredService<IConfiguration>());
        return again.BuildServiceProvider();
    }

    public static ServiceProvider Build(AzuriteFixture azurite, IDictionary<string, string?>? extra = null)
    {
        var services = new ServiceCollection();
        Add(services, Configuration(azurite, extra));
        return services.BuildServiceProvider();
    }
}
