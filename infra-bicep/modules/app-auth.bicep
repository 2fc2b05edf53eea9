// App Service authentication with Entra ID in front of every route. People sign in with the app
// registration whose app roles are Rapporteur, Chair and Secretariat (app-roles.json); the roles
// they are assigned reach the app in X-MS-CLIENT-PRINCIPAL. The registration trusts the app's managed
// identity as a federated credential, so there is no client secret to store or rotate.

param functionAppName string

@description('Application (client) id of the Entra ID app registration people sign in to.')
param clientId string

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          clientId: clientId
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
        }
        validation: {
          allowedAudiences: ['api://${clientId}', clientId]
        }
      }
    }
    // The app needs only the signed-in person's claims (X-MS-CLIENT-PRINCIPAL), not their provider
    // tokens; and Flex Consumption has no file share for a token store.
    login: {
      tokenStore: { enabled: false }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
