namespace JetPay.Payments.Configuration;

/// <summary>
/// The merchant's JetPay project. Bound from the <c>JetPay</c> section (<c>JetPay__*</c> settings); the Payment Page's
/// address and the client's timeouts in the same section are <see cref="JetPay.PaymentPage.PaymentPageClientOptions"/>.
/// </summary>
public sealed class JetPayOptions
{
    public const string SectionName = "JetPay";

    /// <summary><c>JetPay__ProjectId</c>: the project id JetPay issued.</summary>
    public long ProjectId { get; set; }

    /// <summary><c>JetPay__SecretKey</c>: the project's secret, used when no Key Vault is configured.</summary>
    public string? SecretKey { get; set; }

    /// <summary><c>JetPay__PreviousSecretKey</c>: the secret before a rotation; callbacks signed with it are still accepted.</summary>
    public string? PreviousSecretKey { get; set; }
}
