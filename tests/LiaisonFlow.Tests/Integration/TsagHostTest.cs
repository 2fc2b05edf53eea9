using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>A test class with its own local host on the shared Azurite, and the TSAG May 2017 data imported.</summary>
public abstract class TsagHostTest(AzuriteFixture azurite, string name, IDictionary<string, string>? settings = null) : IAsyncLifetime
{
    protected LocalHostProcess Host { get; } = new(azurite, name, settings);

    protected virtual bool ImportTsag => true;

    public virtual async Task InitializeAsync()
    {
        await Host.StartAsync();
        if (!ImportTsag) return;
        using var tsb = Host.Client("dev-secretariat");
        await tsb.ImportTsagAsync();
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
