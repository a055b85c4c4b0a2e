namespace JetPayFunctions.Infrastructure.Tests.Support;

public static class ResourceTypes
{
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Queue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string KeyVaultSecret = "Microsoft.KeyVault/vaults/secrets";
    public const string UserAssignedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string LogAnalyticsWorkspace = "Microsoft.OperationalInsights/workspaces";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string Site = "Microsoft.Web/sites";
    public const string BasicPublishingCredentialsPolicy = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string ActionGroup = "Microsoft.Insights/actionGroups";
    public const string LogAlertRule = "Microsoft.Insights/scheduledQueryRules";
    public const string MetricAlertRule = "Microsoft.Insights/metricAlerts";
    public const string WebTest = "Microsoft.Insights/webtests";
}

/// <summary>Theory data shared by the test classes.</summary>
public static class Data
{
    /// <summary>Each environment with a parameter file in infra/env.</summary>
    public static TheoryData<string> Environments => new(Repository.Environments);

    /// <summary>Each environment crossed with each of <paramref name="values"/>.</summary>
    public static TheoryData<string, string> EnvironmentsWith(IEnumerable<string> values)
    {
        var data = new TheoryData<string, string>();
        foreach (var environment in Repository.Environments)
        {
            foreach (var value in values)
            {
                data.Add(environment, value);
            }
        }

        return data;
    }
}
