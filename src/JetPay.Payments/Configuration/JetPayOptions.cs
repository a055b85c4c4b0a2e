namespace JetPay.Payments.Configuration;

/// <summary>The merchant's JetPay project. Bound from the <c>JetPay</c> section (<c>JetPay__*</c> settings).</summary>
public sealed class JetPayOptions
{
    public const string SectionName = "JetPay";

    /// <summary><c>JetPay__BaseUrl</c>: the Payment Page host; the sandbox locally. Empty means the default.</summary>
    public Uri BaseUrl { get; set; } = new("https://paymentpage.jetpay.kz");

    /// <summary><c>JetPay__ProjectId</c>: the project id JetPay issued.</summary>
    public long ProjectId { get; set; }

    /// <summary><c>JetPay__SecretKey</c>: the project's secret, used when no Key Vault is configured.</summary>
    public string? SecretKey { get; set; }

    /// <summary><c>JetPay__PreviousSecretKey</c>: the secret before a rotation; callbacks signed with it are still accepted.</summary>
    public string? PreviousSecretKey { get; set; }
}
