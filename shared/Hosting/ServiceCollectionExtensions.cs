using LiaisonFlow.Api;
using LiaisonFlow.Import;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using LiaisonFlow.Storage.Metering;
using LiaisonFlow.Workflow;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything both hosts share: options, storage, mail, workflow steps and API handlers.</summary>
    public static IServiceCollection AddLiaisonFlow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiaisonFlowOptions>().Bind(configuration.GetSection(LiaisonFlowOptions.Section))
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "LiaisonFlow:PublicBaseUrl must be an absolute URL.")
            .Validate(o => o.MaxDocumentBytes > 0, "LiaisonFlow:MaxDocumentBytes must be positive.")
            .Validate(o => { try { return o.Chasers.ParsedOffsets().Count > 0; } catch (FormatException) { return false; } },
                "LiaisonFlow:Chasers:Offsets must be comma-separated TimeSpans such as \"-7.00:00:00, 00:00:00\".")
            .Validate(o => o.Chasers.Clock.SecondsPerDay > 0, "LiaisonFlow:Chasers:Clock:SecondsPerDay must be positive.")
            // App Service leaves a Key Vault reference it cannot resolve as the literal text; sending that
            // to SendGrid as a key would fail every mail quietly, so refuse to start instead.
            .Validate(o => o.Mail.SendGridApiKey?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) != true,
                "LiaisonFlow:Mail:SendGridApiKey is an unresolved Key Vault reference: check that the secret exists and the app's identity has Key Vault Secrets User on the vault.")
            .ValidateOnStart();

        // The fault-injection hook: off unless LiaisonFlow:Faults:KillAt names a point (tests only).
        FaultPoints.Configure(configuration[$"{LiaisonFlowOptions.Section}:Faults:KillAt"]);

        // LiaisonFlow's data: its own account where one is set (in Azure), else the task hub's.
        var storage = StorageConnection.ForData(configuration);
        // The app's own storage requests counted when asked (the benchmark): one policy per client, per retry.
        var counter = new StorageRequestCounter();
        services.AddSingleton(counter);
        var counting = configuration.GetValue<bool>($"{LiaisonFlowOptions.Section}:{nameof(LiaisonFlowOptions.CountStorageRequests)}");
        void Count<TClient, TOptions>(Azure.Core.Extensions.IAzureClientBuilder<TClient, TOptions> builder, StorageService service) where TClient : notnull where TOptions : Azure.Core.ClientOptions
        {
            if (counting) builder.ConfigureOptions(o => o.AddPolicy(new StorageRequestPolicy(counter, service), Azure.Core.HttpPipelinePosition.PerRetry));
        }
        services.AddAzureClients(clients =>
        {
            if (storage.ConnectionString is { } connection)
            {
                Count(clients.AddBlobServiceClient(connection), StorageService.Blob);
                Count(clients.AddTableServiceClient(connection), StorageService.Table);
            }
            else
            {
                Count(clients.AddBlobServiceClient(storage.BlobServiceUri!), StorageService.Blob);
                Count(clients.AddTableServiceClient(storage.TableServiceUri!), StorageService.Table);
                clients.UseCredential(storage.TokenCredential());
            }
        });
        services.AddSingleton(storage);

        services.AddHttpClient();
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<StorageNames>();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<LiaisonStore>();
        services.AddSingleton<LiaisonLedger>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<LsNumberRegistry>();
        services.AddSingleton<OutstandingIndex>();
        services.AddSingleton<Dashboard.OutstandingReader>();
        services.AddSingleton<FeedIndex>();
        services.AddSingleton<LiaisonIndexes>();
        services.AddSingleton<OutboxTransport>();
        services.AddSingleton<SendGridTransport>();
        services.AddSingleton<IMailTransport>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<LiaisonFlowOptions>>().Value.Mail.SendGridApiKey)
                ? sp.GetRequiredService<OutboxTransport>()
                : sp.GetRequiredService<SendGridTransport>());
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<CalendarClock>();
        services.AddSingleton<LiaisonNumbering>();
        services.AddSingleton<LiaisonCommands>();
        services.AddSingleton<LiaisonSteps>();
        services.AddSingleton<ReplyChain>();
        services.AddSingleton<IncomingRegistration>();
        services.AddSingleton<WorkflowStarter>();
        services.AddSingleton<WorkflowRecovery>();
        services.AddSingleton<ConsistencyCheck>();
        services.AddSingleton<MeetingImporter>();
        services.AddSingleton<Access>();
        services.AddSingleton<LiaisonApi>();
        services.AddSingleton<ReplyApi>();
        services.AddSingleton<DashboardApi>();
        services.AddSingleton<ExportApi>();
        services.AddSingleton<DashboardPageApi>();
        services.AddSingleton<PagesApi>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<MeApi>();
        services.AddSingleton<DirectoryApi>();
        services.AddSingleton<DeadlineApi>();
        services.AddSingleton<DraftApi>();
        services.AddSingleton<PlenaryApi>();
        services.AddSingleton<DocumentExtractApi>();
        services.AddSingleton<Inbound.InboundStore>();
        services.AddSingleton<Inbound.ReplyAddresses>();
        services.AddSingleton<Inbound.InboundRegistrar>();
        services.AddSingleton<InboundApi>();
        services.AddSingleton<IncomingApi>();
        return services;
    }

    static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
