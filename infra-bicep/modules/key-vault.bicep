// Key Vault for the SendGrid API key. The app reads it through a Key Vault reference resolved with
// its managed identity (Key Vault Secrets User); the key never appears in app settings.

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
