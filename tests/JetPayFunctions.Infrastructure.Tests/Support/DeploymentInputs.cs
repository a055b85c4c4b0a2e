namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>
/// The environment variables that infra/env/*.bicepparam read, as the tests set them. The secret values are
/// markers: a test fails if one of them turns up where a secret must not be.
/// </summary>
public static class DeploymentInputs
{
    public const string ProjectId = "test-project-42";
    public const string SecretKey = "marker-jetpay-secret-key-7f3a";
    public const string PreviousSecretKey = "marker-jetpay-previous-secret-key-91cd";
    public const string SmtpPassword = "marker-smtp-password-5b20";
    public const string WebhookSecret = "marker-webhook-secret-c8e4";
    public const string WebhookPreviousSecret = "marker-webhook-previous-secret-3d71";
    public const string DeployerPrincipalId = "11111111-2222-3333-4444-555555555555";
    public const string SecretsOfficerGroupId = "66666666-7777-8888-9999-000000000000";

    public static IReadOnlyList<string> SecretValues { get; } = [SecretKey, PreviousSecretKey, SmtpPassword, WebhookSecret, WebhookPreviousSecret];

    /// <summary>Every variable the parameter files read.</summary>
    public static IReadOnlyList<string> VariableNames { get; } =
    [
        "JETPAY_PROJECT_ID", "JETPAY_SECRET_KEY", "JETPAY_PREVIOUS_SECRET_KEY",
        "SMTP_HOST", "SMTP_FROM", "SMTP_USERNAME", "SMTP_PASSWORD",
        "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_PREVIOUS_SECRET", "ALERT_EMAIL",
        "AZURE_PRINCIPAL_ID", "SECRETS_OFFICER_GROUP_ID",
    ];

    /// <summary>Only what a deployment cannot do without.</summary>
    public static IReadOnlyDictionary<string, string> Required { get; } = new Dictionary<string, string>
    {
        ["JETPAY_PROJECT_ID"] = ProjectId,
        ["JETPAY_SECRET_KEY"] = SecretKey,
    };

    /// <summary>Everything set: rotation under way, e-mail and webhooks on, a named deployer and secrets officer.</summary>
    public static IReadOnlyDictionary<string, string> Everything { get; } = new Dictionary<string, string>
    {
        ["JETPAY_PROJECT_ID"] = ProjectId,
        ["JETPAY_SECRET_KEY"] = SecretKey,
        ["JETPAY_PREVIOUS_SECRET_KEY"] = PreviousSecretKey,
        ["SMTP_HOST"] = "smtp.example.test",
        ["SMTP_FROM"] = "Shop <payments@shop.example>",
        ["SMTP_USERNAME"] = "payments@shop.example",
        ["SMTP_PASSWORD"] = SmtpPassword,
        ["WEBHOOK_URL"] = "https://hooks.shop.example/payments",
        ["WEBHOOK_SECRET"] = WebhookSecret,
        ["WEBHOOK_PREVIOUS_SECRET"] = WebhookPreviousSecret,
        ["ALERT_EMAIL"] = "ops@shop.example",
        ["AZURE_PRINCIPAL_ID"] = DeployerPrincipalId,
        ["SECRETS_OFFICER_GROUP_ID"] = SecretsOfficerGroupId,
    };
}
