using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>
/// The app settings: the names the app reads, identity-based connections, secrets only as Key Vault references, and
/// optional settings left out unless given.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AppSettingsTests(InfrastructureFixture infrastructure)
{
    /// <summary>Every setting the app and the Functions host read (dev gives every optional one).</summary>
    private static readonly string[] Names =
    [
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT",
        "JetPay__BaseUrl",
        "JetPay__ProjectId",
        "KeyVault__Uri",
        "KeyVault__SecretKeyName",
        "KeyVault__PreviousSecretKeyName",
        "Payments__QrCodeUrlLifetime",
        "Notifications__Smtp__Host",
        "Notifications__Smtp__Port",
        "Notifications__Smtp__From",
        "Notifications__Smtp__UserName",
        "Notifications__Smtp__Password",
        "Notifications__Smtp__UseTls",
        "Notifications__Smtp__MaxConnections",
        "Notifications__Webhook__Url",
        "Notifications__Webhook__Secret",
    ];

    /// <summary>
    /// Settings the Flex Consumption plan rejects or ignores: the runtime lives in functionAppConfig, and the
    /// deployment package in its own container.
    /// </summary>
    private static readonly string[] RejectedByFlexConsumption =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_MAX_HTTP_CONCURRENCY",
        "FUNCTIONS_WORKER_PROCESS_COUNT",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD",
        "AzureWebJobsStorage",
    ];

    /// <summary>Settings of the deployer's choice, given as plain parameters: left out when empty (prod gives none).</summary>
    private static readonly string[] OptionalPlainSettings =
    [
        "Notifications__Smtp__Host",
        "Notifications__Smtp__From",
        "Notifications__Smtp__UserName",
        "Notifications__Webhook__Url",
    ];

    public static TheoryData<string> DevSettings => new(Names);

    public static TheoryData<string> OptionalSettings => new(OptionalPlainSettings);

    [Theory]
    [MemberData(nameof(DevSettings))]
    public void App_setting_is_present_when_everything_is_given(string name) =>
        Assert.Contains(name, AppSettings("dev").Keys);

    [Theory]
    [MemberData(nameof(OptionalSettings))]
    public void An_optional_setting_that_was_not_given_is_left_out_not_written_empty(string name)
    {
        Assert.DoesNotContain(name, AppSettings("prod").Keys);
        Assert.DoesNotContain(AppSettings("prod"), setting => setting.Value == string.Empty);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Functions_host_reaches_storage_with_the_managed_identity(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var settings = AppSettings(environment);
        var account = snapshot.Single(ResourceTypes.StorageAccount);
        Assert.True(Expressions.IsReferenceTo(settings["AzureWebJobsStorage__blobServiceUri"], account, "primaryEndpoints.blob"));
        Assert.True(Expressions.IsReferenceTo(settings["AzureWebJobsStorage__queueServiceUri"], account, "primaryEndpoints.queue"));
        Assert.True(Expressions.IsReferenceTo(settings["AzureWebJobsStorage__tableServiceUri"], account, "primaryEndpoints.table"));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.True(Expressions.IsReferenceTo(settings["AzureWebJobsStorage__clientId"], snapshot.Single(ResourceTypes.UserAssignedIdentity), "clientId"));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Azure_sdk_clients_of_the_app_use_the_user_assigned_identity(string environment)
    {
        var identity = infrastructure.Snapshot(environment).Single(ResourceTypes.UserAssignedIdentity);
        Assert.True(Expressions.IsReferenceTo(AppSettings(environment)["AZURE_CLIENT_ID"], identity, "clientId"));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Telemetry_goes_to_application_insights_authenticated_as_the_user_assigned_identity(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var settings = AppSettings(environment);
        Assert.True(Expressions.IsReferenceTo(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], snapshot.Single(ResourceTypes.ApplicationInsights), "ConnectionString"));

        var identity = snapshot.Single(ResourceTypes.UserAssignedIdentity);
        var clientId = settings["AZURE_CLIENT_ID"]![1..^1];
        Assert.Equal($"[format('ClientId={{0}};Authorization=AAD', {clientId})]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.True(Expressions.IsReferenceTo($"[{clientId}]", identity, "clientId"));
    }

    /// <summary>
    /// dev: e-mail and webhooks on, their secrets given, a webhook secret rotation under way; dev-redeploy: the same
    /// deployed again without the secrets (a deployer who did not export them again) and the rotation over; prod: both
    /// channels off.
    /// </summary>
    public static TheoryData<string, string[]> SecretSettingCases => new()
    {
        { "dev", ["Notifications__Smtp__Password", "Notifications__Webhook__PreviousSecret", "Notifications__Webhook__Secret"] },
        { "dev-redeploy", ["Notifications__Smtp__Password", "Notifications__Webhook__PreviousSecret", "Notifications__Webhook__Secret"] },
        { "prod", [] },
    };

    [Theory]
    [MemberData(nameof(SecretSettingCases))]
    public void Settings_that_carry_a_secret_are_key_vault_references_present_whenever_their_channel_is_on(string deployment, string[] expected)
    {
        var vault = infrastructure.Snapshot(deployment).Single(ResourceTypes.KeyVault);
        var secretSettings = Read(deployment).Where(setting =>
            setting.Name.EndsWith("Password", StringComparison.OrdinalIgnoreCase) ||
            setting.Name.EndsWith("Secret", StringComparison.OrdinalIgnoreCase) ||
            setting.Name.EndsWith("SecretKey", StringComparison.OrdinalIgnoreCase)).ToArray();

        Assert.Equal(expected, secretSettings.Select(setting => setting.Name).Order(StringComparer.Ordinal));
        Assert.All(secretSettings, setting =>
        {
            // "[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', reference('<vault>', '…').vaultUri, …)]",
            // unconditional: whether this deployment gave the secret's value does not matter.
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', ", setting.Value, StringComparison.Ordinal);
            Assert.True(Expressions.Reads(setting.Value, vault, "vaultUri"), setting.Value);
            if (setting.Name == "Notifications__Webhook__PreviousSecret")
            {
                // Only while a rotation is under way, i.e. when this deployment gave the previous secret: a reference
                // to a secret that was never written would stop the app. (A snapshot does not evaluate the condition.)
                Assert.Contains("empty(parameters('webhookPreviousSecret'))", setting.Condition ?? "", StringComparison.Ordinal);
            }
            else
            {
                Assert.True(string.IsNullOrEmpty(setting.Condition), setting.Condition);
            }
        });
    }

    [Fact]
    public void On_a_redeploy_a_notification_secret_is_written_only_if_its_value_was_given_so_the_vault_keeps_the_one_it_has()
    {
        // A snapshot never evaluates a secure parameter: the guard is what decides, at deployment time.
        var secrets = infrastructure.Snapshot("dev-redeploy").OfType(ResourceTypes.KeyVaultSecret).ToDictionary(secret => secret.ShortName, secret => secret.Condition, StringComparer.Ordinal);

        Assert.Equal("[not(empty(parameters('smtpPassword')))]", secrets["smtp-password"]);
        Assert.Equal("[not(empty(parameters('webhookSecret')))]", secrets["webhook-secret"]);
        Assert.Equal("[not(empty(parameters('webhookPreviousSecret')))]", secrets["webhook-previous-secret"]);
        Assert.Null(secrets["jetpay-secret-key"]);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Key_vault_settings_name_the_vault_and_secrets_it_holds(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var settings = AppSettings(environment);
        Assert.True(Expressions.IsReferenceTo(settings["KeyVault__Uri"], snapshot.Single(ResourceTypes.KeyVault), "vaultUri"));

        var secrets = snapshot.OfType(ResourceTypes.KeyVaultSecret).Select(secret => secret.ShortName).ToArray();
        Assert.Equal("jetpay-secret-key", settings["KeyVault__SecretKeyName"]);
        Assert.Equal("jetpay-previous-secret-key", settings["KeyVault__PreviousSecretKeyName"]);
        Assert.Contains(settings["KeyVault__SecretKeyName"], secrets);
        Assert.Contains(settings["KeyVault__PreviousSecretKeyName"], secrets);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void JetPay_and_payment_settings_take_the_parameters_or_their_defaults(string environment)
    {
        var settings = AppSettings(environment);
        Assert.Equal("https://paymentpage.jetpay.kz", settings["JetPay__BaseUrl"]);
        Assert.Equal(DeploymentInputs.ProjectId, settings["JetPay__ProjectId"]);
        Assert.Equal("00:15:00", settings["Payments__QrCodeUrlLifetime"]);
        Assert.Equal("587", settings["Notifications__Smtp__Port"]);
        Assert.Equal("Required", settings["Notifications__Smtp__UseTls"]);
        Assert.Equal("4", settings["Notifications__Smtp__MaxConnections"]);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void The_host_refuses_bodies_just_above_the_largest_the_app_takes_as_it_does_locally(string environment)
    {
        var limit = AppSettings(environment)["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"];
        var local = (string?)System.Text.Json.Nodes.JsonNode.Parse(Repository.ReadFile("local.settings.example.json"))!["Values"]!["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"];

        Assert.Equal(local, limit);
        Assert.InRange(int.Parse(limit!, System.Globalization.CultureInfo.InvariantCulture), JetPay.Payments.Callbacks.CallbackReceiver.MaxBodyBytes + 1, 4 * JetPay.Payments.Callbacks.CallbackReceiver.MaxBodyBytes);
    }

    [Fact]
    public void Notification_settings_come_from_the_environment_variables_of_the_deployer()
    {
        var settings = AppSettings("dev");
        var inputs = InfrastructureFixture.InputsFor("dev");
        Assert.Equal(inputs["SMTP_HOST"], settings["Notifications__Smtp__Host"]);
        Assert.Equal(inputs["SMTP_FROM"], settings["Notifications__Smtp__From"]);
        Assert.Equal(inputs["SMTP_USERNAME"], settings["Notifications__Smtp__UserName"]);
        Assert.Equal(inputs["WEBHOOK_URL"], settings["Notifications__Webhook__Url"]);
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void No_setting_is_one_that_flex_consumption_rejects(string environment) =>
        Assert.Empty(AppSettings(environment).Keys.Intersect(RejectedByFlexConsumption, StringComparer.OrdinalIgnoreCase));

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Each_setting_is_set_once(string environment)
    {
        var names = Read(environment).Select(setting => setting.Name).ToArray();
        Assert.NotEmpty(names);
        Assert.Equal(names.Distinct(StringComparer.OrdinalIgnoreCase).Count(), names.Length);
    }

    private IReadOnlyList<AppSettingsExpression.Setting> Read(string environment) =>
        AppSettingsExpression.Read(infrastructure.Snapshot(environment).Single(ResourceTypes.Site).At("properties.siteConfig.appSettings")!);

    private Dictionary<string, string?> AppSettings(string environment) =>
        Read(environment).ToDictionary(setting => setting.Name, setting => setting.Value, StringComparer.Ordinal);
}
