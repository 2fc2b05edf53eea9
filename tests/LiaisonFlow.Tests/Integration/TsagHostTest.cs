using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>
/// A test class with its own local host on the shared Azurite and the TSAG May 2017 data imported;
/// with <c>sendGrid</c>, mail goes through the real SendGrid client to a listener on loopback.
/// </summary>
public abstract class TsagHostTest : IAsyncLifetime
{
    protected TsagHostTest(AzuriteFixture azurite, string name, IDictionary<string, string>? settings = null, bool sendGrid = false)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
        if (sendGrid)
        {
            SendGrid = new SendGridListener();
            all["LiaisonFlow__Mail__SendGridApiKey"] = "SG.test-key";
            all["LiaisonFlow__Mail__SendGridHost"] = SendGrid.Host;
        }
        Host = new LocalHostProcess(azurite, name, all);
    }

    /// <summary>The settings of a host with a small document limit, so tests over the limit stay quick.</summary>
    protected static Dictionary<string, string> DocumentLimit(long bytes) =>
        new() { ["LiaisonFlow__MaxDocumentBytes"] = bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    protected LocalHostProcess Host { get; }

    protected SendGridListener? SendGrid { get; }

    protected virtual bool ImportTsag => true;

    public async Task InitializeAsync()
    {
        if (SendGrid is not null) await SendGrid.StartAsync();
        await Host.StartAsync();
        if (!ImportTsag) return;
        using var tsb = Host.Client("dev-secretariat");
        await tsb.ImportTsagAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (SendGrid is not null) await SendGrid.DisposeAsync();
    }
}
