metadata description = 'The function app on a Flex Consumption (FC1) plan: .NET isolated worker on Linux, HTTPS and TLS 1.2 only, no basic publishing credentials, every connection through the user-assigned identity.'

import { secretNames } from 'secretNames.bicep'

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan and the app.')
param tags { *: string }

@description('Name of the user-assigned managed identity the app runs as.')
param identityName string

@description('Name of the storage account for the Functions host, the deployment package and the app data.')
param storageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights resource.')
param applicationInsightsName string

@description('Name of the Key Vault.')
param keyVaultName string

@minValue(1)
@maxValue(1000)
@description('Most instances the app scales out to.')
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
param instanceMemoryMB 512 | 2048 | 4096

@description('Origins that browsers may call the app from (CORS).')
param corsAllowedOrigins string[]

@description('Base URL of the JetPay Payment Page.')
param jetPayBaseUrl string

@description('JetPay project ID.')
param jetPayProjectId string

@description('How long a QR code image URL stays valid, as a TimeSpan (hh:mm:ss).')
param qrCodeUrlLifetime string

@description('SMTP host for payment notifications; empty turns e-mail off.')
param smtpHost string

@description('SMTP port.')
param smtpPort int

@description('Sender address of notification e-mails.')
param smtpFrom string

@description('SMTP user name; empty for a relay without authentication.')
param smtpUserName string

@description('Whether to connect to the SMTP server with TLS.')
param smtpUseTls bool

@description('How many SMTP connections each app instance keeps open at most, reused between e-mails.')
param smtpMaxConnections int

@description('URL that receives payment notifications as webhooks; empty turns webhooks off.')
param webhookUrl string

@description('Whether this deployment gave a previous webhook secret (a rotation is under way): then webhooks carry a signature with it too.')
param webhookPreviousSecretInVault bool = false

// The largest request body the Functions host takes before the worker sees it: just above the app's own largest
// (the callback's 64 KiB), so a body just over that still gets the app's 413, and a larger one the host's, unbuffered.
// The same value is in local.settings.example.json (a test compares them).
var requestBodySizeLimit = 131072

// The .NET version of the isolated worker; it must match <TargetFramework> in Directory.Build.props (a test checks it).
var dotnetVersion = '10.0'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

// Key Vault references: App Service resolves them with the identity named in keyVaultReferenceIdentity
// and hands the app the secret, not the reference. Versionless, so a new secret version is picked up.
var smtpPasswordReference = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${secretNames.smtpPassword})'
var webhookPreviousSecretReference = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${secretNames.webhookPreviousSecret})'
var webhookSecretReference = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${secretNames.webhookSecret})'

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd finds the app to deploy the service 'api' of azure.yaml to by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
      appSettings: [
        // Functions host storage, through the managed identity.
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storageAccount.properties.primaryEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storageAccount.properties.primaryEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storageAccount.properties.primaryEndpoints.table }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // The identity DefaultAzureCredential picks in the app's own Azure SDK clients.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        // Telemetry, authenticated with Microsoft Entra ID: the resource accepts no other.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
        { name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', value: string(requestBodySizeLimit) }
        // The app's own configuration.
        { name: 'JetPay__ProjectId', value: jetPayProjectId }
        { name: 'KeyVault__Uri', value: vault.properties.vaultUri }
        { name: 'KeyVault__SecretKeyName', value: secretNames.jetPaySecretKey }
        { name: 'KeyVault__PreviousSecretKeyName', value: secretNames.jetPayPreviousSecretKey }
        { name: 'Notifications__Smtp__Port', value: string(smtpPort) }
        { name: 'Notifications__Smtp__UseTls', value: smtpUseTls ? 'Required' : 'None' }
        { name: 'Notifications__Smtp__MaxConnections', value: string(smtpMaxConnections) }
        // What the deployer did not give is left out, so the app sees it as unset rather than as an empty value.
        ...(empty(jetPayBaseUrl) ? [] : [{ name: 'JetPay__BaseUrl', value: jetPayBaseUrl }])
        ...(empty(qrCodeUrlLifetime) ? [] : [{ name: 'Payments__QrCodeUrlLifetime', value: qrCodeUrlLifetime }])
        ...(empty(smtpHost) ? [] : [{ name: 'Notifications__Smtp__Host', value: smtpHost }])
        ...(empty(smtpFrom) ? [] : [{ name: 'Notifications__Smtp__From', value: smtpFrom }])
        ...(empty(smtpUserName) ? [] : [{ name: 'Notifications__Smtp__UserName', value: smtpUserName }])
        // A secret's reference is written whenever its channel is on, whether or not this deployment gave the secret's
        // value: appSettings replaces the whole set, so a redeploy without it must not drop the reference.
        ...(empty(smtpHost) || empty(smtpUserName)
          ? []
          : [{ name: 'Notifications__Smtp__Password', value: smtpPasswordReference }])
        ...(empty(webhookUrl) ? [] : [{ name: 'Notifications__Webhook__Url', value: webhookUrl }])
        ...(empty(webhookUrl) ? [] : [{ name: 'Notifications__Webhook__Secret', value: webhookSecretReference }])
        // Only while a rotation is under way: a reference to a secret that was never written would stop the app.
        ...(empty(webhookUrl) || !webhookPreviousSecretInVault
          ? []
          : [{ name: 'Notifications__Webhook__PreviousSecret', value: webhookPreviousSecretReference }])
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// No Kudu basic authentication: deployments sign in with Microsoft Entra ID. (Flex Consumption has no FTP.)
resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = site.name

@description('HTTPS base URL of the function app.')
output url string = 'https://${site.properties.defaultHostName}'
