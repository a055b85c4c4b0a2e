metadata description = 'The Key Vault that holds the JetPay secret key and the notification secrets. Azure RBAC only, soft delete and purge protection on.'

import { secretNames } from 'secretNames.bicep'

@minLength(3)
@maxLength(24)
@description('Name of the vault.')
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags { *: string }

@minValue(7)
@maxValue(90)
@description('How many days a deleted vault or secret can be recovered.')
param softDeleteRetentionInDays int

@secure()
@description('The JetPay project secret key.')
param jetPaySecretKey string

@secure()
@description('The JetPay secret key that is being rotated out; empty creates no secret.')
param jetPayPreviousSecretKey string = ''

@secure()
@description('SMTP password; empty creates no secret.')
param smtpPassword string = ''

@secure()
@description('Secret that signs outgoing webhook notifications; empty creates no secret.')
param webhookSecret string = ''

@secure()
@description('The previous webhook signing secret, during a rotation; empty creates no secret.')
param webhookPreviousSecret string = ''

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access is granted by Azure role assignments, never by access policies.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource jetPaySecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: secretNames.jetPaySecretKey
  properties: {
    value: jetPaySecretKey
    contentType: 'text/plain'
  }
}

resource jetPayPreviousSecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(jetPayPreviousSecretKey)) {
  parent: vault
  name: secretNames.jetPayPreviousSecretKey
  properties: {
    value: jetPayPreviousSecretKey
    contentType: 'text/plain'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: secretNames.smtpPassword
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

resource webhookPreviousSecretSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(webhookPreviousSecret)) {
  parent: vault
  name: secretNames.webhookPreviousSecret
  properties: {
    value: webhookPreviousSecret
    contentType: 'text/plain'
  }
}

resource webhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(webhookSecret)) {
  parent: vault
  name: secretNames.webhookSecret
  properties: {
    value: webhookSecret
    contentType: 'text/plain'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault, ending with a slash.')
output uri string = vault.properties.vaultUri
