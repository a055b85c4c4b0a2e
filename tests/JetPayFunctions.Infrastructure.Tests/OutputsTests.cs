using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>What the deployment hands back (azd stores it in the environment): enough to finish the set-up, and no secret.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OutputsTests(InfrastructureFixture infrastructure)
{
    public static TheoryData<string> Names =>
        new(["FUNCTION_APP_NAME", "FUNCTION_APP_URL", "JETPAY_CALLBACK_URL", "KEY_VAULT_NAME", "KEY_VAULT_URI", "MANAGED_IDENTITY_CLIENT_ID"]);

    [Theory]
    [MemberData(nameof(Names))]
    public void Main_template_outputs(string name) =>
        Assert.Equal("string", (string?)infrastructure.MainTemplate.Outputs[name]?["type"]);

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Function_app_name_and_url_are_those_of_the_deployed_app(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var site = snapshot.Single(ResourceTypes.Site);
        Assert.Equal(site.Name, (string?)snapshot.Outputs["FUNCTION_APP_NAME"]);
        Assert.Equal($"[format('https://{{0}}', reference('{site.Id}', '{site.Json["apiVersion"]}').defaultHostName)]", (string?)snapshot.Outputs["FUNCTION_APP_URL"]);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Callback_url_for_jetpay_is_the_app_url_with_the_callback_route(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var appUrl = ((string?)snapshot.Outputs["FUNCTION_APP_URL"])![1..^1];
        Assert.Equal($"[format('{{0}}/api/jetpay/callback', {appUrl})]", (string?)snapshot.Outputs["JETPAY_CALLBACK_URL"]);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Vault_and_identity_outputs_are_those_the_app_uses(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var vault = snapshot.Single(ResourceTypes.KeyVault);
        Assert.Equal(vault.Name, (string?)snapshot.Outputs["KEY_VAULT_NAME"]);
        Assert.True(Expressions.IsReferenceTo((string?)snapshot.Outputs["KEY_VAULT_URI"], vault, "vaultUri"));
        Assert.True(Expressions.IsReferenceTo((string?)snapshot.Outputs["MANAGED_IDENTITY_CLIENT_ID"], snapshot.Single(ResourceTypes.UserAssignedIdentity), "clientId"));
    }
}
