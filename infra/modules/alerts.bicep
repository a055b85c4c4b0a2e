metadata description = 'Alerts on what the app writes to Application Insights: notifications given up, the poison queue, payments held for review, forged callbacks, 5xx answers, and an availability test of /api/health. Each alert goes to an action group that e-mails the given address.'

@description('Name prefix of the alert resources.')
param namePrefix string

@description('Azure region of the log alert rules and the availability test.')
param location string

@description('Tags for every resource.')
param tags { *: string }

@description('Name of the Application Insights resource the rules query.')
param applicationInsightsName string

@description('HTTPS base URL of the function app; the availability test asks for its /api/health.')
param functionAppUrl string

@description('E-mail address that alerts are sent to; empty creates no action group, and the alerts only show in the portal.')
param alertEmail string

@minValue(1)
@description('Callbacks refused for their signature in 15 minutes above which an alert fires (JetPay never sends one).')
param forgedCallbackThreshold int

// The names the app writes (src/JetPay.Payments/Telemetry/PaymentMetrics.cs and the Functions host's own log line);
// a test holds them to the code.
var metrics = {
  notificationsFailed: 'jetpay.notifications.failed'
  statusChanges: 'jetpay.payments.status_changes'
  callbacks: 'jetpay.callbacks'
}
var reviewStatus = 'review'
var signatureOutcomes = ['invalid_signature', 'missing_signature', 'ambiguous_signing']
var poisonQueue = 'payment-notifications-poison'

// Custom metrics arrive pre-aggregated: each row holds the sum of its interval in valueSum.
var logAlerts = [
  {
    name: 'notifications-failed'
    displayName: 'Notifications given up'
    description: 'A receipt or merchant webhook was given up on after its retries (jetpay.notifications.failed). See docs/operations.md.'
    severity: 1
    query: 'customMetrics | where name == "${metrics.notificationsFailed}" | extend channel = tostring(customDimensions["channel"]) | summarize total = sum(valueSum) by channel'
    threshold: 0
  }
  {
    name: 'notifications-poisoned'
    displayName: 'Notification messages moved to the poison queue'
    description: 'The Functions host moved a notification message to ${poisonQueue} after five failed dequeues. See docs/operations.md.'
    severity: 1
    query: 'traces | where message has "Moving message to queue \'${poisonQueue}\'" | summarize total = count()'
    threshold: 0
  }
  {
    name: 'payments-held-for-review'
    displayName: 'Payments held for review'
    description: 'A success callback did not match the order\'s amount or currency; the payment is held, not treated as paid. See docs/operations.md.'
    severity: 2
    query: 'customMetrics | where name == "${metrics.statusChanges}" and tostring(customDimensions["status"]) == "${reviewStatus}" | summarize total = sum(valueSum)'
    threshold: 0
  }
  {
    name: 'forged-callbacks'
    displayName: 'Callbacks refused for their signature'
    description: 'More callbacks than the threshold in 15 minutes carried no valid signature: someone posts forged callbacks, or JetPay signs with a key the app does not have. See docs/operations.md.'
    severity: 2
    query: 'customMetrics | where name == "${metrics.callbacks}" and tostring(customDimensions["outcome"]) in (${join(map(signatureOutcomes, outcome => '"${outcome}"'), ', ')}) | summarize total = sum(valueSum)'
    threshold: forgedCallbackThreshold
  }
  {
    name: 'server-errors'
    displayName: '5xx answers'
    description: 'The app answered 5xx: storage or Key Vault out of reach, or a fault. JetPay redelivers callbacks; callers retry. See docs/operations.md.'
    severity: 2
    query: 'requests | where toint(resultCode) >= 500 | summarize total = count() by name'
    threshold: 0
  }
]

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2024-10-01-preview' = if (!empty(alertEmail)) {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'jetpay'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroupIds = empty(alertEmail) ? [] : [actionGroup.id]

resource logAlertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in logAlerts: {
    name: 'alert-${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: 'total'
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: actionGroupIds
      }
    }
  }
]

// A standard test from five regions every five minutes; the alert fires when two regions fail.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'webtest-${namePrefix}-health'
  location: location
  // Application Insights shows a test only with this link to it.
  tags: union(tags, { 'hidden-link:${applicationInsights.id}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-${namePrefix}-health'
    Name: 'GET /api/health'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      { Id: 'emea-nl-ams-azr' }
      { Id: 'emea-gb-db3-azr' }
      { Id: 'emea-fr-pra-edge' }
      { Id: 'us-va-ash-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: {
      RequestUrl: '${functionAppUrl}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource availabilityAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${namePrefix}-availability'
  location: 'global'
  tags: tags
  properties: {
    description: 'GET /api/health failed from two or more regions: the app is down, or storage or the JetPay key is out of reach. See docs/operations.md.'
    severity: 0
    enabled: true
    scopes: [
      healthTest.id
      applicationInsights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: applicationInsights.id
      failedLocationCount: 2
    }
    autoMitigate: true
    actions: [for id in actionGroupIds: { actionGroupId: id }]
  }
}
