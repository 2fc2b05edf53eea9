// Key Vault for the SendGrid API key and the inbound mail secrets (the webhook's password, the reply
// tokens' key). The app reads them through Key Vault references resolved with its managed identity
// (Key Vault Secrets User); no secret appears in app settings.

param name string
param location string
param tags object

@description('Principal id of the app identity that reads the secret.')
param readerPrincipalId string

@description('Name of the secret holding the SendGrid API key.')
param sendGridSecretName string

@secure()
@description('SendGrid API key. Empty keeps the secret as it is (e.g. after rotating it with az keyvault secret set).')
param sendGridApiKey string

@description('Name of the secret holding the password of the SendGrid Inbound Parse webhook.')
param inboundWebhookSecretName string

@secure()
@description('Password of the Inbound Parse webhook. Empty keeps the secret as it is (or leaves it absent: the webhook stays closed).')
param inboundPassword string

@description('Name of the secret holding the HMAC key of the reply addresses.')
param inboundTokenKeySecretName string

@secure()
@description('HMAC key of the reply addresses. Empty keeps the secret as it is (or leaves it absent: mails carry no reply address).')
param inboundTokenKey string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: sendGridSecretName
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key (mail.send)'
  }
}

resource inboundPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(inboundPassword)) {
  parent: vault
  name: inboundWebhookSecretName
  properties: {
    value: inboundPassword
    contentType: 'SendGrid Inbound Parse webhook password'
  }
}

resource inboundTokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(inboundTokenKey)) {
  parent: vault
  name: inboundTokenKeySecretName
  properties: {
    value: inboundTokenKey
    contentType: 'HMAC key of the reply addresses'
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

output name string = vault.name
// Versionless, so a rotated key is picked up without redeploying.
output sendGridSecretUri string = '${vault.properties.vaultUri}secrets/${sendGridSecretName}'
output inboundWebhookSecretUri string = '${vault.properties.vaultUri}secrets/${inboundWebhookSecretName}'
output inboundTokenKeySecretUri string = '${vault.properties.vaultUri}secrets/${inboundTokenKeySecretName}'
