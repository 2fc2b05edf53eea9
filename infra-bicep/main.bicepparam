// Parameters for main.bicep, read from the environment so one file serves every deployment:
//   AZURE_ENV_NAME, AZURE_LOCATION, LIAISONFLOW_AUTH_CLIENT_ID, LIAISONFLOW_MAIL_FROM, SENDGRID_API_KEY,
//   LIAISONFLOW_INBOUND_DOMAIN, LIAISONFLOW_INBOUND_PASSWORD, LIAISONFLOW_INBOUND_TOKEN_KEY
// The SendGrid key and the inbound secrets only ever travel as secure parameters into Key Vault.
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'liaisonflow')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param authClientId = readEnvironmentVariable('LIAISONFLOW_AUTH_CLIENT_ID')
param mailFrom = readEnvironmentVariable('LIAISONFLOW_MAIL_FROM')
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY', '')
param inboundDomain = readEnvironmentVariable('LIAISONFLOW_INBOUND_DOMAIN', '')
param inboundPassword = readEnvironmentVariable('LIAISONFLOW_INBOUND_PASSWORD', '')
param inboundTokenKey = readEnvironmentVariable('LIAISONFLOW_INBOUND_TOKEN_KEY', '')
