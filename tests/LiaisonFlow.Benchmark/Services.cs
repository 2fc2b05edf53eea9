using LiaisonFlow.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Benchmark;

/// <summary>The shared services wired as the hosts wire them, with the storage request counter on, under one storage prefix.</summary>
static class Services
{
    public static ServiceProvider Build(string connection, string prefix)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["LiaisonFlow:StoragePrefix"] = prefix,
            ["LiaisonFlow:PublicBaseUrl"] = "http://127.0.0.1:7071",
            ["LiaisonFlow:CountStorageRequests"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLiaisonFlow(configuration);
        return services.BuildServiceProvider();
    }
}
