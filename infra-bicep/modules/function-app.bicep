// The Functions app on a Flex Consumption plan, .NET 10 isolated, running as the user-assigned
// identity: it reaches both storage accounts (AzureWebJobsStorage__*, LiaisonFlowStorage__*), Key Vault and Application Insights with
// that identity, and Flex Consumption pulls the deployment package with it too.
//
// The app settings below are exactly what the app reads; tests/LiaisonFlow.Tests/Infrastructure
// compiles this template and fails when a setting here is not bound by the app, or the other way round.

param name string
param planName string
param location string
param tags object

param identityId string
param identityClientId string

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param dataBlobEndpoint string
param dataTableEndpoint string
param deploymentContainerName string

param applicationInsightsConnectionString string

@description('Versionless Key Vault URI of the SendGrid API key.')
param sendGridSecretUri string

@description('Versionless Key Vault URIs of the inbound webhook password and of the reply tokens\' key.')
param inboundWebhookSecretUri string
param inboundTokenKeySecretUri string

@description('User name of the Inbound Parse webhook (HTTP Basic, in the URL given to SendGrid).')
param inboundUsername string

@description('Domain whose MX points at SendGrid Inbound Parse; empty: mails carry no reply address.')
param inboundDomain string

param mailFrom string
param mailFromName string
param chairReminderAfter string
param chaserOffsets string
param escalationAfter string

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@allowed([512, 2048, 4096])
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

// A separate resource, because the public URL is only known once the site exists.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // The host and its task hub, by identity (no connection string, no key).
    AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
    AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
    AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // LiaisonFlow's data, in its own account, by the same identity.
    LiaisonFlowStorage__blobServiceUri: dataBlobEndpoint
    LiaisonFlowStorage__tableServiceUri: dataTableEndpoint
    LiaisonFlowStorage__credential: 'managedidentity'
    LiaisonFlowStorage__clientId: identityClientId

    // Telemetry with Entra ID auth (local auth is off on the Application Insights resource).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

    // App Service authentication proves the app registration with this identity instead of a secret.
    OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId

    LiaisonFlow__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
    LiaisonFlow__ChairReminderAfter: chairReminderAfter
    LiaisonFlow__Chasers__Offsets: chaserOffsets
    LiaisonFlow__Chasers__EscalationAfter: escalationAfter
    LiaisonFlow__Mail__From: mailFrom
    LiaisonFlow__Mail__FromName: mailFromName
    LiaisonFlow__Mail__SendGridApiKey: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUri})'
    // Inbound mail: the secrets as Key Vault references; one not (yet) in the vault stays unresolved, and the
    // app then treats it as unset (webhook closed, no reply addresses) rather than as a password.
    LiaisonFlow__Inbound__Username: inboundUsername
    LiaisonFlow__Inbound__Password: '@Microsoft.KeyVault(SecretUri=${inboundWebhookSecretUri})'
    LiaisonFlow__Inbound__Domain: inboundDomain
    LiaisonFlow__Inbound__TokenKey: '@Microsoft.KeyVault(SecretUri=${inboundTokenKeySecretUri})'
  }
}

// Deployments go through the Flex Consumption API with Entra ID; no FTP or basic-auth publishing.
resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
