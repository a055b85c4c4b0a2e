using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>The app's identity holds exactly the data-plane roles it needs, each on the one resource it needs it for.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RoleAssignmentTests(InfrastructureFixture infrastructure)
{
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    /// <summary>The built-in roles by name: role definition ID and the type of resource it is granted on.</summary>
    private static readonly Dictionary<string, (string Id, string Scope)> AppRoles = new(StringComparer.Ordinal)
    {
        ["Storage Blob Data Owner"] = ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", ResourceTypes.StorageAccount),
        ["Storage Blob Delegator"] = ("db58b8e5-c6ad-4a2a-8342-4190687cbf4a", ResourceTypes.StorageAccount),
        ["Storage Queue Data Contributor"] = ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", ResourceTypes.StorageAccount),
        ["Storage Table Data Contributor"] = ("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", ResourceTypes.StorageAccount),
        ["Key Vault Secrets User"] = ("4633458b-17de-408a-b874-0445c86b69e6", ResourceTypes.KeyVault),
        ["Monitoring Metrics Publisher"] = ("3913510d-42f4-4e42-8a64-420c390055eb", ResourceTypes.ApplicationInsights),
    };

    public static TheoryData<string, string> Roles => Data.EnvironmentsWith(AppRoles.Keys);

    [Theory]
    [MemberData(nameof(Roles))]
    public void App_identity_holds_the_role_on_the_resource_that_needs_it(string environment, string role)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var (roleId, scopeType) = AppRoles[role];
        var scope = snapshot.Single(scopeType);

        var assignment = Assert.Single(AssignmentsToAppIdentity(snapshot), a => RoleOf(a) == roleId);
        Assert.StartsWith($"{scope.Id}/providers/{ResourceTypes.RoleAssignment}/", assignment.Id, StringComparison.Ordinal);
        Assert.Equal($"/subscriptions/{InfrastructureFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleId}", (string?)assignment.At("properties.roleDefinitionId"));
        Assert.Null(assignment.Condition);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void App_identity_holds_no_role_beyond_those_it_needs(string environment)
    {
        var granted = AssignmentsToAppIdentity(infrastructure.Snapshot(environment)).Select(RoleOf).Order(StringComparer.Ordinal);
        Assert.Equal(AppRoles.Values.Select(role => role.Id).Order(StringComparer.Ordinal), granted);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Role_assignments_to_the_app_identity_are_for_a_service_principal(string environment) =>
        Assert.All(AssignmentsToAppIdentity(infrastructure.Snapshot(environment)), assignment =>
            Assert.Equal("ServicePrincipal", (string?)assignment.At("properties.principalType")));

    [Fact]
    public void Deployer_named_by_AZURE_PRINCIPAL_ID_may_set_secrets_in_the_dev_vault()
    {
        var snapshot = infrastructure.Snapshot("dev");
        var assignment = Assert.Single(snapshot.OfType(ResourceTypes.RoleAssignment), a => (string?)a.At("properties.principalId") == DeploymentInputs.DeployerPrincipalId);
        Assert.Equal(KeyVaultSecretsOfficer, RoleOf(assignment));
        Assert.Equal("User", (string?)assignment.At("properties.principalType"));
        Assert.StartsWith(snapshot.Single(ResourceTypes.KeyVault).Id + "/", assignment.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_named_secrets_officer_only_the_app_identity_gets_roles()
    {
        var snapshot = infrastructure.Snapshot("prod");
        Assert.False(InfrastructureFixture.InputsFor("prod").ContainsKey("SECRETS_OFFICER_GROUP_ID"));
        Assert.Equal(AssignmentsToAppIdentity(snapshot).Count(), snapshot.OfType(ResourceTypes.RoleAssignment).Count());
    }

    private static string RoleOf(PredictedResource assignment) =>
        ((string?)assignment.At("properties.roleDefinitionId") ?? string.Empty).Split('/')[^1];

    private static IEnumerable<PredictedResource> AssignmentsToAppIdentity(DeploymentSnapshot snapshot)
    {
        var identity = snapshot.Single(ResourceTypes.UserAssignedIdentity);
        return snapshot.OfType(ResourceTypes.RoleAssignment).Where(assignment =>
            ((string?)assignment.At("properties.principalId"))?.StartsWith($"[reference('{identity.Id}'", StringComparison.Ordinal) == true &&
            ((string?)assignment.At("properties.principalId"))?.EndsWith(").principalId]", StringComparison.Ordinal) == true);
    }
}
