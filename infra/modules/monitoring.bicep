metadata description = 'A Log Analytics workspace and a workspace-based Application Insights resource that only accepts Microsoft Entra authenticated telemetry.'

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights resource.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Tags for both resources.')
param tags { *: string }

@minValue(30)
@maxValue(730)
@description('How many days the workspace keeps logs.')
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Instrumentation keys alone cannot send telemetry: the app authenticates with its managed identity.
    DisableLocalAuth: true
  }
}

@description('Name of the Application Insights resource.')
output applicationInsightsName string = applicationInsights.name
