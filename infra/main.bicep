metadata description = 'JetPay QR payments backend on Azure Functions (Flex Consumption). Deploys into an existing resource group: azd up picks or creates it, or run az deployment group create.'

targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the environment (for azd, the azd environment name), for example jetpay-dev. It seeds the resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region of every resource; it must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Extra tags for every resource.')
param extraTags { *: string } = {}

@description('Base URL of the JetPay Payment Page.')
param jetPayBaseUrl string = 'https://paymentpage.jetpay.kz'

@minLength(1)
@description('JetPay project ID, from the JetPay merchant account.')
param jetPayProjectId string

@secure()
@minLength(1)
@description('JetPay project secret key. Stored in Key Vault as jetpay-secret-key; never in an app setting or output.')
param jetPaySecretKey string

@secure()
@description('The JetPay secret key being rotated out, stored as jetpay-previous-secret-key. Empty creates nothing (and leaves an existing secret alone).')
param jetPayPreviousSecretKey string = ''

@description('How long a QR code image URL stays valid, as a TimeSpan (hh:mm:ss).')
param qrCodeUrlLifetime string = '00:15:00'

@description('SMTP host for payment notification e-mails; empty turns e-mail off.')
param smtpHost string = ''

@minValue(1)
@maxValue(65535)
@description('SMTP port.')
param smtpPort int = 587

@description('Sender of notification e-mails, for example "Shop <payments@shop.example>".')
param smtpFrom string = ''

@description('SMTP user name; empty for a relay without authentication.')
param smtpUserName string = ''

@secure()
@description('SMTP password, stored in Key Vault as smtp-password. Empty creates no secret and leaves the setting out.')
param smtpPassword string = ''

@description('Whether to connect to the SMTP server with TLS.')
param smtpUseTls bool = true

@minValue(1)
@maxValue(50)
@description('How many SMTP connections each app instance keeps open at most, reused between e-mails.')
param smtpMaxConnections int = 4

@description('URL that receives payment notifications as webhooks; empty turns webhooks off.')
param webhookUrl string = ''

@secure()
@description('Secret that signs webhook notifications, stored in Key Vault as webhook-secret. Empty creates no secret and leaves the setting out.')
param webhookSecret string = ''

@secure()
@description('During a rotation of the webhook secret, the previous one, stored in Key Vault as webhook-previous-secret: every webhook is then signed with both. Empty outside a rotation: no secret is written and the setting is left out.')
param webhookPreviousSecret string = ''

@description('Origins of the web front ends that call the API from a browser, for example https://shop.example.')
param corsAllowedOrigins string[] = []

@minValue(1)
@maxValue(1000)
@description('Most instances the function app scales out to. Each instance keeps its own SMTP connections (smtpMaxConnections): a small shop whose relay takes few connections may go down to 1.')
param maximumInstanceCount int = 100

@description('Memory of each function app instance, in MB.')
param instanceMemoryMB 512 | 2048 | 4096 = 2048

@minValue(30)
@maxValue(730)
@description('How many days Log Analytics keeps logs.')
param logRetentionInDays int = 30

@minValue(7)
@maxValue(90)
@description('How many days a deleted vault or secret can be recovered. Purge protection is on, so a deleted vault keeps its name for this long.')
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Object ID of the deployer (azd sets AZURE_PRINCIPAL_ID). When given, this principal gets Key Vault Secrets Officer to set the secrets; empty grants nothing.')
param deployerPrincipalId string = ''

@description('Kind of principal that deployerPrincipalId names (azd sets AZURE_PRINCIPAL_TYPE: ServicePrincipal when signed in as one, as in CI).')
param deployerPrincipalType 'User' | 'Group' | 'ServicePrincipal' = 'User'

@description('E-mail address that alerts are sent to; empty creates no action group, and alerts only show in the portal.')
param alertEmail string = ''

@minValue(1)
@description('Callbacks refused for their signature within 15 minutes above which an alert fires.')
param forgedCallbackThreshold int = 10

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = union(extraTags, { 'azd-env-name': environmentName })
// Names are known before the deployment starts, so what-if can predict every resource.
var names = {
  identity: 'id-jetpay-${resourceToken}'
  logAnalyticsWorkspace: 'log-jetpay-${resourceToken}'
  applicationInsights: 'appi-jetpay-${resourceToken}'
  storageAccount: 'stjetpay${resourceToken}'
  deploymentContainer: 'app-package'
  keyVault: 'kv-jetpay-${resourceToken}'
  plan: 'plan-jetpay-${resourceToken}'
  functionApp: 'func-jetpay-${resourceToken}'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.logAnalyticsWorkspace
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storageAccount
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    jetPaySecretKey: jetPaySecretKey
    jetPayPreviousSecretKey: jetPayPreviousSecretKey
    smtpPassword: smtpPassword
    webhookSecret: webhookSecret
    webhookPreviousSecret: webhookPreviousSecret
  }
}

module roleAssignments 'modules/roleAssignments.bicep' = {
  name: 'roleAssignments'
  dependsOn: [
    identity
    monitoring
    storage
    keyVault
  ]
  params: {
    identityName: names.identity
    storageAccountName: names.storageAccount
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  // After the role assignments (and so after everything they refer to): the host's first
  // connections to storage, Key Vault and Application Insights find its roles in place.
  dependsOn: [
    roleAssignments
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityName: names.identity
    storageAccountName: names.storageAccount
    deploymentContainerName: names.deploymentContainer
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    corsAllowedOrigins: corsAllowedOrigins
    jetPayBaseUrl: jetPayBaseUrl
    jetPayProjectId: jetPayProjectId
    qrCodeUrlLifetime: qrCodeUrlLifetime
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpFrom: smtpFrom
    smtpUserName: smtpUserName
    smtpUseTls: smtpUseTls
    smtpMaxConnections: smtpMaxConnections
    webhookUrl: webhookUrl
    webhookPreviousSecretInVault: !empty(webhookPreviousSecret)
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  dependsOn: [
    monitoring
  ]
  params: {
    namePrefix: 'jetpay-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsName: names.applicationInsights
    functionAppUrl: functionApp.outputs.url
    alertEmail: alertEmail
    forgedCallbackThreshold: forgedCallbackThreshold
  }
}

@description('Name of the function app.')
output FUNCTION_APP_NAME string = functionApp.outputs.name

@description('HTTPS base URL of the function app.')
output FUNCTION_APP_URL string = functionApp.outputs.url

@description('The callback URL to register with JetPay.')
output JETPAY_CALLBACK_URL string = '${functionApp.outputs.url}/api/jetpay/callback'

@description('Name of the Key Vault, for az keyvault secret set.')
output KEY_VAULT_NAME string = keyVault.outputs.name

@description('URI of the Key Vault.')
output KEY_VAULT_URI string = keyVault.outputs.uri

@description('Client ID of the managed identity the app runs as.')
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Name of the storage account.')
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
