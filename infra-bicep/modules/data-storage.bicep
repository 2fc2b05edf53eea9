// LiaisonFlow's own storage account: the Liaisons table and the tables derived from it, the group directory,
// meetings and number registry, the TDs, the outbox and inbound mail. Apart from the task hub's account
// (storage.bicep) so that the engine's queue polling and history traffic never share an account's request
// rate with the app's, and so that the task hub can be reset or moved without touching a record. Shared keys
// are off: the app reaches it through its managed identity with two data roles, no queue access.

param name string
param location string
param tags object

@description('Principal id of the app identity that reads and writes the account.')
param appPrincipalId string

// What the app uses (shared/Storage/StorageNames.cs with no prefix). The app also creates them on
// first use; declaring them here makes the account complete before the first request.
var appContainers = ['tds', 'outbox', 'inbound']
var appTables = ['Liaisons', 'Groups', 'Meetings', 'LsNumbers', 'Outstanding', 'Feed', 'Inbound']

var roles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 14 }
    containerDeleteRetentionPolicy: { enabled: true, days: 14 }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in appContainers: {
    parent: blobs
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in appTables: {
    parent: tableService
    name: table
  }
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(account.id, appPrincipalId, role.value)
    scope: account
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    }
  }
]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
