using JetPay.Sandbox.Callbacks;

namespace JetPay.Sandbox;

/// <summary>
/// The sandbox's settings, from the <c>Sandbox</c> section (<c>Sandbox__*</c> environment variables). The defaults
/// match <c>local.settings.example.json</c>, so the app and the sandbox work together with no setting at all.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The address the sandbox listens on when no <c>--urls</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7081";

    /// <summary><c>Sandbox__ProjectId</c>: the one project the sandbox knows.</summary>
    public long ProjectId { get; set; } = 123;

    /// <summary><c>Sandbox__SecretKey</c>: that project's secret; requests and callbacks are signed with it.</summary>
    public string SecretKey { get; set; } = "sandbox-secret-change-me";

    /// <summary><c>Sandbox__CallbackUrl</c>: where callbacks are posted (the app's <c>/api/jetpay/callback</c>).</summary>
    public Uri CallbackUrl { get; set; } = new("http://127.0.0.1:7071/api/jetpay/callback");

    /// <summary>
    /// <c>Sandbox__PublicBaseUrl</c>: the address written into QR codes, e.g. <c>http://192.168.1.20:7081</c> so that a
    /// phone on the LAN can open the checkout page. Empty: the address the <c>generate-qr</c> request was sent to.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary><c>Sandbox__MerchantName</c>: shown on the checkout page.</summary>
    public string MerchantName { get; set; } = "JetPay Demo Shop";

    /// <summary>
    /// <c>Sandbox__RetryScale</c>: multiplies every interval of the callback retry schedule; <c>1</c> is JetPay's own
    /// schedule (11 days), <c>0.001</c> turns its 10-second steps into 10 ms for tests.
    /// </summary>
    public double RetryScale { get; set; } = 1;

    /// <summary><c>Sandbox__MaxAttempts</c>: delivery attempts per callback, the first included (JetPay: 120).</summary>
    public int MaxAttempts { get; set; } = RetrySchedule.PlatformMaxAttempts;

    /// <summary><c>Sandbox__CallbackTimeout</c>: how long one delivery attempt may take.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with the settings, each naming its setting; empty when the sandbox can start.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ProjectId <= 0)
        {
            problems.Add("Sandbox__ProjectId must be a positive integer.");
        }

        if (string.IsNullOrEmpty(SecretKey))
        {
            problems.Add("Sandbox__SecretKey must not be empty.");
        }

        if (!CallbackUrl.IsAbsoluteUri || CallbackUrl.Scheme is not ("http" or "https"))
        {
            problems.Add("Sandbox__CallbackUrl must be an absolute http or https URL.");
        }

        if (PublicBaseUrl is { } publicBase && (!publicBase.IsAbsoluteUri || publicBase.Scheme is not ("http" or "https")))
        {
            problems.Add("Sandbox__PublicBaseUrl must be an absolute http or https URL.");
        }

        if (!(RetryScale >= 0 && RetryScale <= 1000))
        {
            problems.Add("Sandbox__RetryScale must be a number from 0 to 1000.");
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            problems.Add("Sandbox__MaxAttempts must be from 1 to 1000.");
        }

        if (CallbackTimeout <= TimeSpan.Zero)
        {
            problems.Add("Sandbox__CallbackTimeout must be positive.");
        }

        return problems;
    }
}
