// LiaisonFlow on Azure: one resource group holding a Flex Consumption Functions app (.NET 10
// isolated) that runs as a user-assigned managed identity, its two storage accounts (the task hub; LiaisonFlow's
// tables, TDs and outbox), Key Vault for the SendGrid key, Log Analytics + Application Insights, and App Service
// authentication with Entra ID. No connection strings, keys or secrets in app settings.
//
//   az deployment sub create --location <region> --template-file main.bicep --parameters main.bicepparam
//
// See README.md in this folder ("Deploy to Azure" in the top-level README) for the whole procedure.

targetScope = 'subscription'

@minLength(2)
@maxLength(20)
@description('Short name of this deployment, e.g. "liaisonflow" or "liaisonflow-test"; names the resource group and the resources in it.')
param environmentName string

@description('Azure region for every resource, e.g. "westeurope" or "switzerlandnorth". Must offer Flex Consumption.')
param location string

@description('Application (client) id of the Entra ID app registration people sign in with; it defines the app roles Rapporteur, Chair and Secretariat (app-roles.json).')
param authClientId string

@secure()
@description('SendGrid API key (mail.send). Written to Key Vault when given; leave empty on later deployments to keep the stored (possibly rotated) key.')
param sendGridApiKey string = ''

@description('User name of the SendGrid Inbound Parse webhook, as put in its URL (https://<user>:<password>@<app>/api/inbound/sendgrid).')
param inboundUsername string = 'inbound'

@secure()
@description('Password of the Inbound Parse webhook (a long random secret). Written to Key Vault when given; empty keeps the stored one (none stored: the webhook answers 503).')
param inboundPassword string = ''

@description('Inbound mail domain whose MX record points at mx.sendgrid.net, e.g. "inbound.example.org"; empty: mails carry the secretariat\'s Reply-To.')
param inboundDomain string = ''

@secure()
@description('HMAC key of the reply addresses (a long random secret). Written to Key Vault when given; empty keeps the stored one. Changing it makes the reply addresses in mails already sent unreadable.')
param inboundTokenKey string = ''

@description('Sender address of every LiaisonFlow mail; must be a verified sender in SendGrid.')
param mailFrom string

@description('Sender name shown with mailFrom.')
param mailFromName string = 'LiaisonFlow (TSB)'

@description('How long an LS may await the plenary decision before the chair is reminded (TimeSpan, d.hh:mm:ss).')
param chairReminderAfter string = '1.00:00:00'

@description('When groups that owe a reply are chased, relative to their deadline day: comma-separated TimeSpans, negative before.')
param chaserOffsets string = '-30.00:00:00, -7.00:00:00, 00:00:00, 7.00:00:00'

@description('How long after a deadline the chair and the secretariat hear which groups are still silent (TimeSpan).')
param escalationAfter string = '14.00:00:00'

@description('Most instances Flex Consumption may scale the app out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  application: 'LiaisonFlow'
  environment: environmentName
}
var functionAppName = 'func-${environmentName}-${token}'
var deploymentContainerName = 'app-package'
var sendGridSecretName = 'sendgrid-api-key'
var inboundWebhookSecretName = 'inbound-password'
var inboundTokenKeySecretName = 'inbound-token-key'

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: group
  name: 'identity'
  params: {
    name: 'id-${environmentName}-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${environmentName}-${token}'
    applicationInsightsName: 'appi-${environmentName}-${token}'
    location: location
    tags: tags
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  scope: group
  name: 'storage'
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    deploymentContainerName: deploymentContainerName
  }
}

module dataStorage 'modules/data-storage.bicep' = {
  scope: group
  name: 'data-storage'
  params: {
    name: 'stdata${token}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
  }
}

module vault 'modules/key-vault.bicep' = {
  scope: group
  name: 'key-vault'
  params: {
    name: 'kv-${token}'
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    sendGridSecretName: sendGridSecretName
    sendGridApiKey: sendGridApiKey
    inboundWebhookSecretName: inboundWebhookSecretName
    inboundPassword: inboundPassword
    inboundTokenKeySecretName: inboundTokenKeySecretName
    inboundTokenKey: inboundTokenKey
  }
}

module app 'modules/function-app.bicep' = {
  scope: group
  name: 'function-app'
  params: {
    name: functionAppName
    planName: 'plan-${environmentName}-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    dataBlobEndpoint: dataStorage.outputs.blobEndpoint
    dataTableEndpoint: dataStorage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    sendGridSecretUri: vault.outputs.sendGridSecretUri
    inboundWebhookSecretUri: vault.outputs.inboundWebhookSecretUri
    inboundTokenKeySecretUri: vault.outputs.inboundTokenKeySecretUri
    inboundUsername: inboundUsername
    inboundDomain: inboundDomain
    mailFrom: mailFrom
    mailFromName: mailFromName
    chairReminderAfter: chairReminderAfter
    chaserOffsets: chaserOffsets
    escalationAfter: escalationAfter
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

module auth 'modules/app-auth.bicep' = {
  scope: group
  name: 'app-auth'
  params: {
    functionAppName: app.outputs.name
    clientId: authClientId
  }
}

output resourceGroupName string = group.name
output functionAppName string = app.outputs.name
output functionAppUrl string = 'https://${app.outputs.defaultHostName}'
output dashboardUrl string = 'https://${app.outputs.defaultHostName}/api/dashboard'
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output keyVaultName string = vault.outputs.name
output sendGridSecretName string = sendGridSecretName
output inboundWebhookSecretName string = inboundWebhookSecretName
output inboundTokenKeySecretName string = inboundTokenKeySecretName
output storageAccountName string = storage.outputs.name
output dataStorageAccountName string = dataStorage.outputs.name
