// Parameters for main.bicep, read from the environment so one file serves every deployment:
//   AZURE_ENV_NAME, AZURE_LOCATION, LIAISONFLOW_AUTH_CLIENT_ID, LIAISONFLOW_MAIL_FROM, SENDGRID_API_KEY
// The SendGrid key only ever travels as a secure parameter into Key Vault.
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'liaisonflow')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param authClientId = readEnvironmentVariable('LIAISONFLOW_AUTH_CLIENT_ID')
param mailFrom = readEnvironmentVariable('LIAISONFLOW_MAIL_FROM')
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY', '')
