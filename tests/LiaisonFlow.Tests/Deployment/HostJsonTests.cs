using System.Text.Json.Nodes;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Deployment;

/// <summary>What the Functions app's host.json must say for the deployment to behave.</summary>
public class HostJsonTests
{
    static readonly JsonNode Host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "functions", "LiaisonFlow.Functions", "host.json")))!;

    [Fact]
    public void Task_hub_is_named_and_its_storage_provider_tuned()
    {
        var durable = Host["extensions"]!["durableTask"]!;
        Assert.Equal("LiaisonFlow", durable["hubName"]!.GetValue<string>());
        // Fixed from the first deployment on: changing the partition count orphans running orchestrations.
        Assert.Equal(4, durable["storageProvider"]!["partitionCount"]!.GetValue<int>());
        Assert.True(TimeSpan.Parse(durable["storageProvider"]!["maxQueuePollingInterval"]!.GetValue<string>()) <= TimeSpan.FromSeconds(10));
        // LS contents (names, mail addresses) stay out of the telemetry.
        Assert.False(durable["tracing"]!["traceInputsAndOutputs"]!.GetValue<bool>());
    }

    [Fact]
    public void DurableTask_logs_are_quiet()
    {
        var levels = Host["logging"]!["logLevel"]!;
        Assert.Equal("Warning", levels["DurableTask.Core"]!.GetValue<string>());
        Assert.Equal("Warning", levels["DurableTask.AzureStorage"]!.GetValue<string>());
    }

    [Fact]
    public void Routes_live_under_api_as_the_dashboard_output_of_the_Bicep_assumes()
    {
        Assert.Equal("api", Host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }
}
