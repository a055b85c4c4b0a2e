using JetPay.PaymentPage;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Configuration;

/// <summary>Start-up checks of the settings; each failure names the setting as it is set (<c>JetPay__ProjectId</c>).</summary>
internal sealed class JetPayOptionsValidation(IOptions<KeyVaultOptions> keyVault) : IValidateOptions<JetPayOptions>
{
    public ValidateOptionsResult Validate(string? name, JetPayOptions options)
    {
        var failures = new List<string>();
        if (options.ProjectId <= 0)
        {
            failures.Add("Setting 'JetPay__ProjectId' must be the positive project id JetPay issued.");
        }

        if (keyVault.Value.Uri is null && string.IsNullOrEmpty(options.SecretKey))
        {
            failures.Add("Setting 'JetPay__SecretKey' is required when 'KeyVault__Uri' is not set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class KeyVaultOptionsValidation : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        var failures = new List<string>();
        if (options.Uri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Setting 'KeyVault__Uri' must be the vault's https URI.");
        }

        if (string.IsNullOrWhiteSpace(options.SecretKeyName))
        {
            failures.Add("Setting 'KeyVault__SecretKeyName' must not be empty.");
        }

        if (options.RefreshInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Setting 'KeyVault__RefreshInterval' must be at least one second.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class PaymentsOptionsValidation(IOptions<PaymentPageClientOptions> paymentPage) : IValidateOptions<PaymentsOptions>
{
    /// <summary>What a creation does after JetPay answers (save the image, mark the payment issued), on top of JetPay's time.</summary>
    internal static readonly TimeSpan StorageAllowance = TimeSpan.FromSeconds(30);

    // A user delegation SAS cannot outlive its key, and keys live at most seven days: six days for the URL leaves each
    // key half a day of signing (UserDelegationQrCodeUrlSigner.KeyReuse) instead of one key fetch per URL.
    private static readonly TimeSpan LongestQrCodeUrlLifetime = TimeSpan.FromDays(6);

    public ValidateOptionsResult Validate(string? name, PaymentsOptions options)
    {
        var failures = new List<string>();
        if (options.QrCodeUrlLifetime < TimeSpan.FromSeconds(1) || options.QrCodeUrlLifetime > LongestQrCodeUrlLifetime)
        {
            failures.Add("Setting 'Payments__QrCodeUrlLifetime' must be between 00:00:01 and 6.00:00:00.");
        }

        if (options.MaxExpiry < TimeSpan.FromMinutes(1) || options.MaxExpiry > TimeSpan.FromDays(30))
        {
            failures.Add("Setting 'Payments__MaxExpiry' must be between 00:01:00 and 30.00:00:00.");
        }

        if (options.DefaultExpiry < TimeSpan.FromMinutes(1) || options.DefaultExpiry > options.MaxExpiry)
        {
            failures.Add("Setting 'Payments__DefaultExpiry' must be between 00:01:00 and 'Payments__MaxExpiry'.");
        }

        // A lease that ends while JetPay is still answering lets another request take the payment over and call JetPay again.
        var shortest = paymentPage.Value.TotalTimeout + StorageAllowance;
        if (options.CreationLeaseTime < shortest)
        {
            failures.Add($"Setting 'Payments__CreationLeaseTime' must be at least {shortest:c}: JetPay's total time-out ({paymentPage.Value.TotalTimeout:c}) plus {StorageAllowance:c} for the storage writes after it, so that a slow JetPay call is never taken over and JetPay called twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
