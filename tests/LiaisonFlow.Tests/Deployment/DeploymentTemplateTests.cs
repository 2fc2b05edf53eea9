using System.Text.Json;
using System.Text.Json.Nodes;
using LiaisonFlow.Api;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiaisonFlow.Tests.Deployment;

/// <summary>What the compiled infra-bicep/main.bicep declares: the list, checked on the ARM JSON.</summary>
public class DeploymentTemplateTests
{
    static BicepTemplate Template => BicepTemplate.Main.Value;

    [Fact]
    public void Both_storage_accounts_take_no_shared_keys_and_only_TLS_1_2()
    {
        var accounts = Template.OfType("Microsoft.Storage/storageAccounts").ToList();
        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, account =>
        {
            Assert.False(account.Flag("properties.allowSharedKeyAccess"));
            Assert.Equal("TLS1_2", account.Text("properties.minimumTlsVersion"));
            Assert.False(account.Flag("properties.allowBlobPublicAccess"));
        });
    }

    [Fact]
    public void The_data_account_declares_the_tables_and_containers_the_app_uses_and_the_host_account_none_of_them()
    {
        var names = new StorageNames(Options.Create(new LiaisonFlowOptions()));
        var all = typeof(StorageNames).GetProperties().Select(p => (p.Name, Value: (string)p.GetValue(names)!)).ToList();
        var containers = Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        var data = Assert.Single(containers, c => c.Variables.ContainsKey("appTables"));

        Assert.Equal(
            all.Where(p => !p.Name.EndsWith("Container", StringComparison.Ordinal)).Select(p => p.Value).Order(),
            Strings(data.Variables["appTables"]).Order());
        Assert.Equal(
            all.Where(p => p.Name.EndsWith("Container", StringComparison.Ordinal)).Select(p => p.Value).Order(),
            Strings(data.Variables["appContainers"]).Order());
        // The host's account holds the task hub (made by the engine) and the deployment package only: every table
        // declared is declared by the data account's module.
        Assert.All(Template.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"), t => Assert.True(t.Variables.ContainsKey("appTables")));
    }

    [Fact]
    public void Function_app_runs_dotnet_10_isolated_on_Flex_Consumption_as_a_user_assigned_identity()
    {
        var plan = Template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Text("sku.name"));
        Assert.Equal("FlexConsumption", plan.Text("sku.tier"));

        var site = Template.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.Text("kind"));
        Assert.Equal("UserAssigned", site.Text("identity.type"));
        Assert.Equal("dotnet-isolated", site.Text("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", site.Text("properties.functionAppConfig.runtime.version"));
        Assert.Equal("UserAssignedIdentity", site.Text("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.True(site.Flag("properties.httpsOnly"));
        Assert.NotNull(site.Text("properties.keyVaultReferenceIdentity"));
        Assert.Single(Template.OfType("Microsoft.ManagedIdentity/userAssignedIdentities"));
    }

    [Fact]
    public void Storage_settings_are_identity_based_with_no_connection_string()
    {
        var settings = AppSettings.FromTemplate(Template);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        foreach (var key in new[] { "blobServiceUri", "queueServiceUri", "tableServiceUri", "clientId" })
            Assert.Contains($"AzureWebJobsStorage__{key}", settings.Keys);
        // LiaisonFlow's data: its own account, by the same identity; no queues.
        Assert.DoesNotContain("LiaisonFlowStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["LiaisonFlowStorage__credential"]);
        foreach (var key in new[] { "blobServiceUri", "tableServiceUri", "clientId" })
            Assert.Contains($"LiaisonFlowStorage__{key}", settings.Keys);
        Assert.DoesNotContain("LiaisonFlowStorage__queueServiceUri", settings.Keys);
        Assert.NotEqual(settings["AzureWebJobsStorage__tableServiceUri"], settings["LiaisonFlowStorage__tableServiceUri"]);
        Assert.All(settings.Values, v => Assert.DoesNotContain("AccountKey=", v, StringComparison.OrdinalIgnoreCase));
        Assert.All(settings.Values, v => Assert.DoesNotContain("InstrumentationKey=", v, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_identity_gets_the_task_hubs_three_data_roles_and_the_data_accounts_two_in_assignments_named_with_guid()
    {
        const string blobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        const string blobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
        const string queueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        const string tableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

        var onStorage = Template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => r.Text("scope")?.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal) == true)
            .Select(r => r.Variables["roles"]!.AsObject().Select(p => p.Value!.GetValue<string>()).Order().ToList())
            .OrderBy(roles => roles.Count).ToList();
        Assert.Equal(2, onStorage.Count);
        Assert.Equal(new[] { blobDataContributor, tableDataContributor }.Order(), onStorage[0]);
        Assert.Equal(new[] { blobDataOwner, queueDataContributor, tableDataContributor }.Order(), onStorage[1]);
        Assert.All(Template.OfType("Microsoft.Authorization/roleAssignments"), r => Assert.StartsWith("[guid(", r.Text("name")));
    }

    [Fact]
    public void Application_Insights_is_workspace_based_with_local_auth_off_and_the_host_uses_Entra_ID()
    {
        var insights = Template.Single("Microsoft.Insights/components");
        Assert.True(insights.Flag("properties.DisableLocalAuth"));
        Assert.NotNull(insights.Text("properties.WorkspaceResourceId"));
        Assert.Single(Template.OfType("Microsoft.OperationalInsights/workspaces"));

        var settings = AppSettings.FromTemplate(Template);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void SendGrid_key_lives_in_Key_Vault_and_reaches_the_app_as_a_reference()
    {
        var vault = Template.Single("Microsoft.KeyVault/vaults");
        Assert.True(vault.Flag("properties.enableRbacAuthorization"));
        // The SendGrid key, and the inbound webhook's password and reply token key.
        Assert.Equal(3, Template.OfType("Microsoft.KeyVault/vaults/secrets").Count());

        var key = AppSettings.FromTemplate(Template)["LiaisonFlow__Mail__SendGridApiKey"];
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", key);
        Assert.Equal("securestring", Template.Root["parameters"]!["sendGridApiKey"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Inbound_secrets_reach_the_app_as_Key_Vault_references_and_the_rest_as_parameters()
    {
        var settings = AppSettings.FromTemplate(Template);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["LiaisonFlow__Inbound__Password"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["LiaisonFlow__Inbound__TokenKey"]);
        Assert.Equal("[parameters('inboundUsername')]", settings["LiaisonFlow__Inbound__Username"]);
        Assert.Equal("[parameters('inboundDomain')]", settings["LiaisonFlow__Inbound__Domain"]);
        foreach (var secret in new[] { "inboundPassword", "inboundTokenKey" })
            Assert.Equal("securestring", Template.Root["parameters"]![secret]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Entra_ID_authentication_guards_every_route_without_a_client_secret()
    {
        var auth = Template.OfType("Microsoft.Web/sites/config").Single(r => r.Text("name")!.Contains("authsettingsV2", StringComparison.Ordinal));
        Assert.True(auth.Flag("properties.platform.enabled"));
        Assert.True(auth.Flag("properties.globalValidation.requireAuthentication"));
        Assert.True(auth.Flag("properties.identityProviders.azureActiveDirectory.enabled"));

        // The registration proves itself with the app's managed identity (a federated credential).
        var secretSetting = auth.Text("properties.identityProviders.azureActiveDirectory.registration.clientSecretSettingName");
        Assert.Equal("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID", secretSetting);
        Assert.Contains(secretSetting!, AppSettings.FromTemplate(Template).Keys);
    }

    [Fact]
    public void App_roles_of_the_registration_are_the_roles_the_app_checks()
    {
        using var roles = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra-bicep", "app-roles.json")));
        var values = roles.RootElement.EnumerateArray().Select(r => r.GetProperty("value").GetString()!).ToList();
        Assert.Equal(Enum.GetNames<Role>().Order(), values.Order());
        Assert.Equal(values.Count, roles.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).Distinct().Count());
    }

    [Fact]
    public void Outputs_give_the_app_and_dashboard_URLs()
    {
        Assert.StartsWith("[format('https://{0}',", Template.Output("functionAppUrl"));
        // The page's route in both hosts: host.json's routePrefix "api" + "dashboard".
        Assert.StartsWith("[format('https://{0}/api/dashboard',", Template.Output("dashboardUrl"));
    }

    static IEnumerable<string> Strings(JsonNode? array) =>
        array is JsonArray list ? list.Select(n => n!.GetValue<string>()) : throw new Xunit.Sdk.XunitException("expected an array");
}
