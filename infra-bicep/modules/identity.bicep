// The app's one identity: storage, task hub, Key Vault, Application Insights and the sign-in's
// federated credential all trust this user-assigned identity, so nothing holds a key or secret.

@description('Name of the user-assigned managed identity.')
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
