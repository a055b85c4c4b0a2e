metadata description = 'The storage account of the function app: Functions host state, the deployment package, QR code images, the notification queues and the payment tables. Microsoft Entra authorization only.'

@minLength(3)
@maxLength(24)
@description('Name of the storage account.')
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags { *: string }

@description('Blob container that holds the deployment package of the Flex Consumption app.')
param deploymentContainerName string

@description('Blob containers the app needs besides the deployment container.')
param containerNames string[] = [
  'qr-codes'
]

@description('Queues the app needs.')
param queueNames string[] = [
  'payment-notifications'
  'payment-notifications-poison'
]

@description('Tables the app needs.')
param tableNames string[] = [
  'Payments'
  'NotificationSchedule'
  'PaymentIndex'
]

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // No account keys: every client, the Functions host included, signs in with Microsoft Entra ID.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in concat([deploymentContainerName], containerNames): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

@description('Name of the storage account.')
output name string = account.name
