// Parameters for the production environment, for az deployment group create (see docs/deployment.md).
// Secrets come from environment variables of the shell that deploys, never from this file:
// JETPAY_PROJECT_ID and JETPAY_SECRET_KEY must be set, the others may be.
using '../main.bicep'

param environmentName = 'jetpay-prod'

param jetPayProjectId = readEnvironmentVariable('JETPAY_PROJECT_ID')
param jetPaySecretKey = readEnvironmentVariable('JETPAY_SECRET_KEY')
param jetPayPreviousSecretKey = readEnvironmentVariable('JETPAY_PREVIOUS_SECRET_KEY', '')

param smtpHost = readEnvironmentVariable('SMTP_HOST', '')
param smtpFrom = readEnvironmentVariable('SMTP_FROM', '')
param smtpUserName = readEnvironmentVariable('SMTP_USERNAME', '')
param smtpPassword = readEnvironmentVariable('SMTP_PASSWORD', '')
param webhookUrl = readEnvironmentVariable('WEBHOOK_URL', '')
param webhookSecret = readEnvironmentVariable('WEBHOOK_SECRET', '')
param webhookPreviousSecret = readEnvironmentVariable('WEBHOOK_PREVIOUS_SECRET', '')

param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')

// The origins of the shop's pages that call the API from a browser; none until the shop is known.
param corsAllowedOrigins = []

param maximumInstanceCount = 100
param instanceMemoryMB = 2048
param logRetentionInDays = 90
param keyVaultSoftDeleteRetentionInDays = 90
// Whoever holds the production secrets sets them: Key Vault Secrets Officer goes to the group whose
// object ID is in SECRETS_OFFICER_GROUP_ID, or to nobody when it is empty.
param deployerPrincipalId = readEnvironmentVariable('SECRETS_OFFICER_GROUP_ID', '')
param deployerPrincipalType = 'Group'
