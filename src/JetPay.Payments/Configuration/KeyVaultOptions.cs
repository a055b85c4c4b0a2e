namespace JetPay.Payments.Configuration;

/// <summary>Where the JetPay secret lives in Azure. Bound from the <c>KeyVault</c> section.</summary>
public sealed class KeyVaultOptions
{
    public const string SectionName = "KeyVault";

    /// <summary><c>KeyVault__Uri</c>: when set, the JetPay secret is read from this vault instead of <c>JetPay__SecretKey</c>.</summary>
    public Uri? Uri { get; set; }

    /// <summary><c>KeyVault__SecretKeyName</c>: the secret holding the current JetPay key.</summary>
    public string SecretKeyName { get; set; } = "jetpay-secret-key";

    /// <summary><c>KeyVault__PreviousSecretKeyName</c>: the secret holding the key before a rotation (may be absent).</summary>
    public string PreviousSecretKeyName { get; set; } = "jetpay-previous-secret-key";

    /// <summary><c>KeyVault__RefreshInterval</c>: how long a fetched key is used before the vault is asked again.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
