#!/usr/bin/env bash
# Deploys LiaisonFlow to Azure with one command, from a shell signed in with `az login`:
#   LIAISONFLOW_MAIL_FROM=liaison@example.org SENDGRID_API_KEY=SG.… ./infra-bicep/deploy.sh
# Optional: AZURE_ENV_NAME (default liaisonflow), AZURE_LOCATION (default westeurope).
# Safe to run again: every step finds what an earlier run made. Leave SENDGRID_API_KEY unset on later
# runs to keep the key stored in Key Vault.
set -euo pipefail
cd "$(dirname "$0")"
export AZURE_ENV_NAME=${AZURE_ENV_NAME:-liaisonflow}
export AZURE_LOCATION=${AZURE_LOCATION:-westeurope}
: "${LIAISONFLOW_MAIL_FROM:?set LIAISONFLOW_MAIL_FROM to the sender address verified in SendGrid}"

# 1. The Entra ID app registration people sign in to, with the app roles Rapporteur, Chair and
#    Secretariat. Only people (or groups) given one of the roles may sign in.
app_name="LiaisonFlow ($AZURE_ENV_NAME)"
client_id=$(az ad app list --display-name "$app_name" --query "[0].appId" -o tsv)
if [ -z "$client_id" ]; then
  echo "==> Creating the app registration \"$app_name\""
  client_id=$(az ad app create --display-name "$app_name" --sign-in-audience AzureADMyOrg \
    --app-roles @app-roles.json --enable-id-token-issuance true --query appId -o tsv)
else
  echo "==> Updating the app registration \"$app_name\" ($client_id)"
  az ad app update --id "$client_id" --app-roles @app-roles.json --enable-id-token-issuance true
fi
az ad app update --id "$client_id" --identifier-uris "api://$client_id"
# A delegated scope, with the Azure CLI pre-authorized, so scripts can call the API with
# `az account get-access-token --scope api://<client id>/user_impersonation` (roles travel in the token).
app_object=$(az ad app show --id "$client_id" --query id -o tsv)
scope_id=3f0b6c1e-8a4d-4e27-9b5c-6d2a1f7e9c40   # fixed, so every run names the same scope
azure_cli=04b07795-8ddb-461a-bbee-02f9e1bf7b46  # the Azure CLI's well-known client id
scope="{
  \"id\": \"$scope_id\", \"value\": \"user_impersonation\", \"type\": \"User\", \"isEnabled\": true,
  \"adminConsentDisplayName\": \"Use LiaisonFlow\", \"adminConsentDescription\": \"Call LiaisonFlow with the signed-in person's roles.\",
  \"userConsentDisplayName\": \"Use LiaisonFlow\", \"userConsentDescription\": \"Call LiaisonFlow with your roles.\"
}"
# Twice: the scope must exist before a pre-authorization can name it; the second call states the whole API.
az rest --method PATCH --url "https://graph.microsoft.com/v1.0/applications/$app_object" \
  --body "{ \"api\": { \"requestedAccessTokenVersion\": 2, \"oauth2PermissionScopes\": [$scope] } }"
az rest --method PATCH --url "https://graph.microsoft.com/v1.0/applications/$app_object" \
  --body "{ \"api\": { \"requestedAccessTokenVersion\": 2, \"oauth2PermissionScopes\": [$scope],
    \"preAuthorizedApplications\": [{ \"appId\": \"$azure_cli\", \"delegatedPermissionIds\": [\"$scope_id\"] }] } }"
principal=$(az ad sp list --filter "appId eq '$client_id'" --query "[0].id" -o tsv)
[ -n "$principal" ] || principal=$(az ad sp create --id "$client_id" --query id -o tsv)
az ad sp update --id "$principal" --set appRoleAssignmentRequired=true
export LIAISONFLOW_AUTH_CLIENT_ID=$client_id

# 2. The infrastructure (main.bicep with main.bicepparam, which reads the variables above).
echo "==> Deploying main.bicep to $AZURE_LOCATION as \"$AZURE_ENV_NAME\""
az deployment sub create --name "$AZURE_ENV_NAME" --location "$AZURE_LOCATION" \
  --template-file main.bicep --parameters main.bicepparam --output none
output() { az deployment sub show --name "$AZURE_ENV_NAME" --query "properties.outputs.$1.value" -o tsv; }
group=$(output resourceGroupName)
app=$(output functionAppName)
url=$(output functionAppUrl)

# 3. Sign-in: the app's callback, and the app's managed identity as the registration's federated
#    credential (App Service authentication proves itself with it; no client secret exists).
az ad app update --id "$client_id" --web-redirect-uris "$url/.auth/login/aad/callback"
tenant=$(az account show --query tenantId -o tsv)
if [ -z "$(az ad app federated-credential list --id "$client_id" --query "[?name=='app-identity'].name" -o tsv)" ]; then
  az ad app federated-credential create --id "$client_id" --parameters "{
    \"name\": \"app-identity\",
    \"issuer\": \"https://login.microsoftonline.com/$tenant/v2.0\",
    \"subject\": \"$(output identityPrincipalId)\",
    \"audiences\": [\"api://AzureADTokenExchange\"],
    \"description\": \"The LiaisonFlow Functions app's user-assigned managed identity\"
  }" --output none
fi

# 4. The app: publish and deploy the zip (Flex Consumption one-deploy).
echo "==> Publishing the Functions app"
# The pages serve lit-html from node_modules (embedded at build time).
(cd .. && npm ci --no-audit --no-fund --loglevel=error)
dotnet publish ../functions/LiaisonFlow.Functions -c Release -o ../artifacts/functions --nologo -v quiet
rm -f ../artifacts/liaisonflow-functions.zip
(cd ../artifacts/functions && zip -qr ../liaisonflow-functions.zip .)
az functionapp deployment source config-zip --resource-group "$group" --name "$app" \
  --src ../artifacts/liaisonflow-functions.zip --output none

echo "LiaisonFlow is at $url"
echo "Dashboard: $(output dashboardUrl)"
echo "Give people their roles: see \"Deploy to Azure\" in README.md."
