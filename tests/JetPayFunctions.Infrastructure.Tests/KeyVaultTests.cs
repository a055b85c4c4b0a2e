using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class KeyVaultTests(InfrastructureFixture infrastructure)
{
    public static TheoryData<string, string, string> OptionalSecrets
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var environment in Repository.Environments)
            {
                data.Add(environment, "jetpay-previous-secret-key", "jetPayPreviousSecretKey");
                data.Add(environment, "smtp-password", "smtpPassword");
                data.Add(environment, "webhook-secret", "webhookSecret");
                data.Add(environment, "webhook-previous-secret", "webhookPreviousSecret");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Key_vault_authorizes_with_azure_rbac_not_access_policies(string environment)
    {
        var vault = Vault(environment);
        Assert.True((bool?)vault.At("properties.enableRbacAuthorization"));
        Assert.True(vault.At("properties.accessPolicies") is null or System.Text.Json.Nodes.JsonArray { Count: 0 });
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Key_vault_keeps_deleted_secrets_recoverable_and_protected_from_purge(string environment)
    {
        var vault = Vault(environment);
        Assert.True((bool?)vault.At("properties.enableSoftDelete"));
        Assert.True((bool?)vault.At("properties.enablePurgeProtection"));
        Assert.InRange((int?)vault.At("properties.softDeleteRetentionInDays") ?? 0, 7, 90);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void JetPay_secret_key_is_always_stored_from_its_secure_parameter(string environment)
    {
        var secret = Secret(environment, "jetpay-secret-key");
        Assert.Null(secret.Condition);
        Assert.Equal("[parameters('jetPaySecretKey')]", (string?)secret.At("properties.value"));
        Assert.Contains("jetPaySecretKey", infrastructure.MainTemplate.SecureParameters);
    }

    [Theory]
    [MemberData(nameof(OptionalSecrets))]
    public void Optional_secret_is_stored_only_when_its_secure_parameter_is_not_empty(string environment, string secretName, string parameter)
    {
        var secret = Secret(environment, secretName);
        Assert.Equal($"[not(empty(parameters('{parameter}')))]", secret.Condition);
        Assert.Equal($"[parameters('{parameter}')]", (string?)secret.At("properties.value"));
        Assert.Contains(parameter, infrastructure.MainTemplate.SecureParameters);
    }

    private PredictedResource Vault(string environment) => infrastructure.Snapshot(environment).Single(ResourceTypes.KeyVault);

    private PredictedResource Secret(string environment, string name) =>
        Assert.Single(infrastructure.Snapshot(environment).OfType(ResourceTypes.KeyVaultSecret), secret => secret.ShortName == name);
}
