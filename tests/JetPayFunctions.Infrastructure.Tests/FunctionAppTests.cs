using System.Text.Json.Nodes;
using System.Xml.Linq;
using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class FunctionAppTests(InfrastructureFixture infrastructure)
{
    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Plan_is_flex_consumption_FC1_on_linux(string environment)
    {
        var plan = infrastructure.Snapshot(environment).Single(ResourceTypes.Plan);
        Assert.Equal("FC1", (string?)plan.At("sku.name"));
        Assert.Equal("FlexConsumption", (string?)plan.At("sku.tier"));
        Assert.True((bool?)plan.At("properties.reserved"), "A Linux plan is 'reserved'.");
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void App_is_a_linux_function_app_on_the_flex_consumption_plan(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var site = snapshot.Single(ResourceTypes.Site);
        Assert.Equal("functionapp,linux", (string?)site.At("kind"));
        Assert.Equal(snapshot.Single(ResourceTypes.Plan).Id, (string?)site.At("properties.serverFarmId"));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void App_runs_the_dotnet_isolated_worker_at_the_target_framework_of_the_solution(string environment)
    {
        var targetFramework = XDocument.Parse(Repository.ReadFile("Directory.Build.props"))
            .Descendants("TargetFramework").Single().Value;
        Assert.StartsWith("net", targetFramework, StringComparison.Ordinal);

        var runtime = Site(environment).At("properties.functionAppConfig.runtime");
        Assert.Equal("dotnet-isolated", (string?)runtime?["name"]);
        Assert.Equal(targetFramework["net".Length..], (string?)runtime?["version"]);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void App_accepts_https_only(string environment) =>
        Assert.True((bool?)Site(environment).At("properties.httpsOnly"));

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void App_and_its_deployment_endpoint_require_tls_1_2(string environment)
    {
        var site = Site(environment);
        Assert.Equal("1.2", (string?)site.At("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", (string?)site.At("properties.siteConfig.scmMinTlsVersion"));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Scm_basic_authentication_is_off_and_nothing_is_set_that_flex_consumption_does_not_have(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var site = snapshot.Single(ResourceTypes.Site);
        var policy = Assert.Single(snapshot.OfType(ResourceTypes.BasicPublishingCredentialsPolicy));
        Assert.Equal($"{site.Name}/scm", policy.Name);
        Assert.Null(policy.Condition);
        Assert.False((bool?)policy.At("properties.allow"), "scm basic authentication must be off.");

        // Flex Consumption has no FTP and no HTTP/2 switch.
        Assert.Null(site.At("properties.siteConfig.ftpsState"));
        Assert.Null(site.At("properties.siteConfig.http20Enabled"));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void App_runs_as_the_user_assigned_identity_only(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var site = snapshot.Single(ResourceTypes.Site);
        Assert.Equal("UserAssigned", (string?)site.At("identity.type"));
        var identities = site.At("identity.userAssignedIdentities")!.AsObject().Select(pair => pair.Key);
        Assert.Equal([snapshot.Single(ResourceTypes.UserAssignedIdentity).Id], identities);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Key_vault_references_resolve_with_the_user_assigned_identity(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        Assert.Equal(
            snapshot.Single(ResourceTypes.UserAssignedIdentity).Id,
            (string?)snapshot.Single(ResourceTypes.Site).At("properties.keyVaultReferenceIdentity"));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Deployment_package_container_is_reached_with_the_user_assigned_identity(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var storage = snapshot.Single(ResourceTypes.Site).At("properties.functionAppConfig.deployment.storage")!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]?["type"]);
        Assert.Equal(snapshot.Single(ResourceTypes.UserAssignedIdentity).Id, (string?)storage["authentication"]?["userAssignedIdentityResourceId"]);

        // "[format('{0}{1}', reference('<account>', '…').primaryEndpoints.blob, '<container>')]"
        var url = (string?)storage["value"];
        Assert.True(Expressions.Reads(url, snapshot.Single(ResourceTypes.StorageAccount), "primaryEndpoints.blob"), url);
        Assert.Contains(snapshot.OfType(ResourceTypes.BlobContainer), container => url!.EndsWith($"'{container.ShortName}')]", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Azd_finds_the_app_as_the_service_of_azure_yaml_by_its_tag(string environment)
    {
        var services = AzureYamlTests.Load()["services"];
        var service = Assert.Single(((YamlDotNet.RepresentationModel.YamlMappingNode)services).Children).Key.ToString();
        Assert.Equal(service, (string?)Site(environment).At("tags")?["azd-service-name"]);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Browser_origins_come_from_the_parameter_and_carry_no_credentials(string environment)
    {
        var cors = Site(environment).At("properties.siteConfig.cors")!;
        Assert.IsType<JsonArray>(cors["allowedOrigins"]);
        Assert.DoesNotContain("*", cors["allowedOrigins"]!.AsArray().Select(origin => (string?)origin));
        Assert.False((bool?)cors["supportCredentials"]);
    }

    private PredictedResource Site(string environment) => infrastructure.Snapshot(environment).Single(ResourceTypes.Site);
}
