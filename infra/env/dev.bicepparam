// Parameters for the development environment, for az deployment group create (see docs/deployment.md).
// Secrets come from environment variables of the shell that deploys, never from this file:
// JETPAY_PROJECT_ID and JETPAY_SECRET_KEY must be set, the others may be.
using '../main.bicep'

param environmentName = 'jetpay-dev'

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

param corsAllowedOrigins = [
  'http://localhost:5173'
]

// Small and cheap: the lowest scale limit, and deleted secrets are gone after a week.
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logRetentionInDays = 30
param keyVaultSoftDeleteRetentionInDays = 7
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
