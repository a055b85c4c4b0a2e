using System.ComponentModel.DataAnnotations;

namespace JetPay.PaymentPage;

/// <summary>Settings of <see cref="PaymentPageClient"/>, bound from the <c>JetPay</c> configuration section.</summary>
public sealed class PaymentPageClientOptions : IValidatableObject
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "JetPay";

    /// <summary>The Payment Page's address (<c>JetPay:BaseUrl</c>); default <c>https://paymentpage.jetpay.kz</c>. A path, if any, is kept.</summary>
    public Uri BaseUrl { get; set; } = new("https://paymentpage.jetpay.kz");

    /// <summary>How long one attempt may take; default 10 s. Applied by the resilience handler of <c>AddPaymentPageClient</c>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take in all, retries included; default 30 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a transient failure (5xx, 408, 429, connection error, attempt timeout) is retried; default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The base delay before a retry, growing exponentially with jitter; default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest PNG accepted; default 1 MiB.</summary>
    public int MaxImageBytes { get; set; } = 1024 * 1024;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult($"Setting '{SectionName}__{nameof(BaseUrl)}' must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        }

        if (Timeout < TimeSpan.FromMilliseconds(10))
        {
            yield return new ValidationResult("Timeout must be at least 10 ms.", [nameof(Timeout)]);
        }

        if (TotalTimeout <= Timeout)
        {
            yield return new ValidationResult("TotalTimeout must be longer than Timeout.", [nameof(TotalTimeout)]);
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return new ValidationResult("MaxRetries must be between 0 and 10.", [nameof(MaxRetries)]);
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            yield return new ValidationResult("RetryDelay must not be negative.", [nameof(RetryDelay)]);
        }

        if (MaxImageBytes <= 0)
        {
            yield return new ValidationResult("MaxImageBytes must be positive.", [nameof(MaxImageBytes)]);
        }
    }
}
