using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class MonitoringTests(InfrastructureFixture infrastructure)
{
    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Application_insights_accepts_only_microsoft_entra_authenticated_telemetry(string environment) =>
        Assert.True((bool?)infrastructure.Snapshot(environment).Single(ResourceTypes.ApplicationInsights).At("properties.DisableLocalAuth"));

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Application_insights_keeps_its_data_in_the_log_analytics_workspace(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        Assert.Equal(
            snapshot.Single(ResourceTypes.LogAnalyticsWorkspace).Id,
            (string?)snapshot.Single(ResourceTypes.ApplicationInsights).At("properties.WorkspaceResourceId"));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Log_analytics_workspace_refuses_local_authentication(string environment) =>
        Assert.True((bool?)infrastructure.Snapshot(environment).Single(ResourceTypes.LogAnalyticsWorkspace).At("properties.features.disableLocalAuth"));
}
