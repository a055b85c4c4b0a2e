metadata description = 'The Key Vault secret names that the templates and the app agree on.'

@export()
@description('Key Vault secret names. The app reads the JetPay keys by the names given in KeyVault__SecretKeyName and KeyVault__PreviousSecretKeyName.')
var secretNames = {
  jetPaySecretKey: 'jetpay-secret-key'
  jetPayPreviousSecretKey: 'jetpay-previous-secret-key'
  smtpPassword: 'smtp-password'
  webhookSecret: 'webhook-secret'
  webhookPreviousSecret: 'webhook-previous-secret'
}
