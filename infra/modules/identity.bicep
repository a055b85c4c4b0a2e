metadata description = 'The user-assigned managed identity that the function app uses for storage, Key Vault and Application Insights.'

@description('Name of the managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the identity.')
param tags { *: string }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) ID of the identity: what the app passes to the Azure SDK and the Functions host.')
output clientId string = identity.properties.clientId

@description('Principal (object) ID of the identity: what role assignments refer to.')
output principalId string = identity.properties.principalId
