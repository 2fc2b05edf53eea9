using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiaisonFlow.Hosting;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiaisonFlow.Tests.Deployment;

/// <summary>
/// The Function app's settings in infra-bicep and the settings the app reads cannot drift apart:
/// every setting main.bicep declares is read by the app (or by the platform, listed below with why),
/// and every setting the app reads is either declared there or left at its default on purpose.
/// </summary>
public partial class AppSettingsDriftTests
{
    /// <summary>Read by the Functions host or App Service, not by LiaisonFlow's code.</summary>
    static readonly Dictionary<string, string> ReadByPlatform = new(StringComparer.OrdinalIgnoreCase)
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the Functions host's telemetry",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "the Functions host's telemetry, with Entra ID",
        ["OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"] = "App Service authentication: the identity it proves the app registration with",
        ["FUNCTIONS_WORKER_RUNTIME"] = "local.settings.json only: the Core Tools' worker choice (Flex Consumption takes it from functionAppConfig)",
        // The host's own account, for the Durable task hub: read by the Functions host (LiaisonFlow's data has its own).
        ["AzureWebJobsStorage__blobServiceUri"] = "the Functions host and its Durable task hub",
        ["AzureWebJobsStorage__queueServiceUri"] = "the Functions host and its Durable task hub",
        ["AzureWebJobsStorage__tableServiceUri"] = "the Functions host and its Durable task hub",
        ["AzureWebJobsStorage__credential"] = "the Functions host and its Durable task hub",
        ["AzureWebJobsStorage__clientId"] = "the Functions host and its Durable task hub",
    };

    /// <summary>Settings the app reads that a deployment leaves at their defaults, on purpose.</summary>
    static readonly string[] LeftAtDefault =
    [
        "LiaisonFlow:StoragePrefix",                       // one LiaisonFlow per storage account
        "LiaisonFlow:MaxDocumentBytes",                    // 50 MB TDs
        "LiaisonFlow:Mail:SendGridHost",                   // SendGrid's global API host
        "LiaisonFlow:Auth:ApiKeys",                        // local development keys; App Service authentication in Azure
        "LiaisonFlow:Auth:TrustClientPrincipalHeader",     // follows WEBSITE_AUTH_ENABLED, which App Service sets
        "LiaisonFlow:Chasers:Clock:CalendarStart",         // the compressed calendar is for tests and demos
        "LiaisonFlow:Chasers:Clock:RealStart",
        "LiaisonFlow:Chasers:Clock:SecondsPerDay",
        "LiaisonFlow:Mail:InterruptedAfter",               // 2 minutes: well past SendGrid's call timeout
        "LiaisonFlow:Mail:RetryAfter",                     // 1 minute, doubling while SendGrid is down
        "LiaisonFlow:Recovery:SweepInterval",              // the Functions app sweeps on its own timer (every minute)
        "LiaisonFlow:Recovery:PendingFor",
        "LiaisonFlow:CountStorageRequests",                // off: counting is for the benchmark (it reads each answer again)
    ];

    [Fact]
    public void Every_setting_the_Bicep_declares_is_read_by_the_app_or_the_platform()
    {
        var declared = AppSettings.FromTemplate(BicepTemplate.Main.Value);
        var read = ReadBy(declared.Select(s => KeyValuePair.Create(s.Key, Resolve(s.Value))));

        var unread = declared.Keys.Where(k => !read.Contains(ConfigKey(k)) && !ReadByPlatform.ContainsKey(k)).ToList();
        Assert.True(unread.Count == 0, $"main.bicep sets settings nothing reads: {string.Join(", ", unread)}");
    }

    [Fact]
    public void Every_setting_the_app_reads_is_declared_in_the_Bicep_or_left_at_its_default_on_purpose()
    {
        var declared = AppSettings.FromTemplate(BicepTemplate.Main.Value);
        var read = ReadBy(declared.Select(s => KeyValuePair.Create(s.Key, Resolve(s.Value))));

        // What the app can read: every option under "LiaisonFlow" (the binder skips absent sections, so
        // they come from the options type), and the storage keys it looked up.
        var readable = OptionKeys(typeof(LiaisonFlowOptions), LiaisonFlowOptions.Section)
            .Concat(read.Where(k => k.StartsWith(StorageConnection.TaskHubSection + ":", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith(StorageConnection.DataSection + ":", StringComparison.OrdinalIgnoreCase)));
        var undeclared = readable.Where(k => !declared.Keys.Select(ConfigKey).Contains(k, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(LeftAtDefault.Order(StringComparer.OrdinalIgnoreCase), undeclared, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_Bicep_parameter_defaults_are_values_the_app_accepts()
    {
        var declared = AppSettings.FromTemplate(BicepTemplate.Main.Value);
        var defaults = declared.Where(s => ParameterReference().IsMatch(s.Value)).ToDictionary(s => s.Key, s => Resolve(s.Value));
        Assert.Contains("LiaisonFlow__Chasers__Offsets", defaults.Keys);

        var options = Bind(declared.Select(s => KeyValuePair.Create(s.Key, Resolve(s.Value)))).Value;
        Assert.Equal(4, options.Chasers.ParsedOffsets().Count);
        Assert.Equal(TimeSpan.FromDays(14), options.Chasers.EscalationAfter);
        Assert.Equal(TimeSpan.FromDays(1), options.ChairReminderAfter);
    }

    [Fact]
    public void Every_setting_in_local_settings_sample_is_read_by_the_app_or_the_Functions_host()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepoPaths.SampleSettings));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? "")).ToList();
        var read = ReadBy(values);

        var unread = values.Select(v => v.Key).Where(k => !read.Contains(ConfigKey(k)) && !ReadByPlatform.ContainsKey(k)).ToList();
        Assert.True(unread.Count == 0, $"local.settings.sample.json sets settings nothing reads: {string.Join(", ", unread)}");
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_stops_the_app_at_start()
    {
        var options = Bind([
            KeyValuePair.Create("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            KeyValuePair.Create("LiaisonFlow__Mail__SendGridApiKey", "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/sendgrid-api-key)"),
        ]);
        var error = Assert.Throws<OptionsValidationException>(() => options.Value);
        Assert.Contains("unresolved Key Vault reference", error.Message);
    }

    [Fact]
    public void Identity_based_storage_settings_give_the_user_assigned_managed_identity()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://st.blob.core.windows.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://st.queue.core.windows.net/",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://st.table.core.windows.net/",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "11111111-2222-3333-4444-555555555555",
        }).Build();
        var storage = StorageConnection.ForTaskHub(configuration);
        Assert.Null(storage.ConnectionString);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(storage.TokenCredential());
        Assert.Equal("11111111-2222-3333-4444-555555555555", storage.ClientId);
        // No account of its own: the data goes to the task hub's.
        Assert.Equal(storage, StorageConnection.ForData(configuration));
    }

    [Fact]
    public void The_data_account_is_its_own_when_set_by_identity_or_by_connection_string()
    {
        var byIdentity = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["LiaisonFlowStorage:blobServiceUri"] = "https://stdata.blob.core.windows.net/",
            ["LiaisonFlowStorage:tableServiceUri"] = "https://stdata.table.core.windows.net/",
            ["LiaisonFlowStorage:credential"] = "managedidentity",
        }).Build();
        var data = StorageConnection.ForData(byIdentity);
        Assert.Equal(new Uri("https://stdata.table.core.windows.net/"), data.TableServiceUri);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(data.TokenCredential());
        Assert.Equal("UseDevelopmentStorage=true", StorageConnection.ForTaskHub(byIdentity).ConnectionString);

        var byString = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["LiaisonFlowStorage"] = "DefaultEndpointsProtocol=http;AccountName=data",
        }).Build();
        Assert.Equal("DefaultEndpointsProtocol=http;AccountName=data", StorageConnection.ForData(byString).ConnectionString);

        // Half an identity form is an error that names the setting, not a fall back to the other account.
        var half = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["LiaisonFlowStorage:blobServiceUri"] = "https://stdata.blob.core.windows.net/",
        }).Build();
        Assert.Contains("LiaisonFlowStorage__blobServiceUri", Assert.Throws<InvalidOperationException>(() => StorageConnection.ForData(half)).Message);
    }

    static IEnumerable<string> OptionKeys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}:{property.Name}";
            var section = property.PropertyType.IsClass && property.PropertyType != typeof(string)
                && !typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType);
            if (section) foreach (var inner in OptionKeys(property.PropertyType, key)) yield return inner;
            else if (property.CanWrite) yield return key;
        }
    }

    /// <summary>Starts the app's services on these settings and returns every key they looked up.</summary>
    static IReadOnlySet<string> ReadBy(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var recording = new RecordingConfiguration(settings.Select(s => KeyValuePair.Create(ConfigKey(s.Key), (string?)s.Value)));
        using var provider = Services(new ConfigurationBuilder().Add(recording).Build());
        _ = provider.GetRequiredService<IOptions<LiaisonFlowOptions>>().Value;
        _ = provider.GetRequiredService<StorageConnection>().TokenCredential();
        return recording.Read;
    }

    static IOptions<LiaisonFlowOptions> Bind(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(ConfigKey(s.Key), (string?)s.Value))).Build();
        return Services(configuration).GetRequiredService<IOptions<LiaisonFlowOptions>>();
    }

    static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection().AddLogging().AddLiaisonFlow(configuration).BuildServiceProvider();

    // App settings reach .NET configuration as environment variables: "__" is the section separator.
    static string ConfigKey(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>
    /// A value the app can start with: a main.bicep parameter's default where the setting is one, the
    /// literal where it is one, otherwise a stand-in of the right shape (Azure fills those in on deploy).
    /// </summary>
    static string Resolve(string armValue)
    {
        if (ParameterReference().Match(armValue) is { Success: true } p
            && BicepTemplate.Main.Value.Root["parameters"]?[p.Groups[1].Value]?["defaultValue"] is { } fallback)
            return fallback.ToString();
        if (!armValue.StartsWith('[')) return armValue;
        if (armValue.Contains("KeyVault", StringComparison.Ordinal)) return "SG.resolved-by-app-service";
        if (armValue.Contains("https://", StringComparison.Ordinal) || armValue.Contains("Endpoint", StringComparison.Ordinal)) return "https://liaisonflow.example/";
        return "stand-in";
    }

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)\]$")]
    private static partial Regex ParameterReference();
}
