using Azure;
using Azure.Identity;
using JetPay.PaymentPage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JetPay.Payments.Health;

/// <summary>
/// Whether the JetPay secret key can be read: from Key Vault on the first call (later calls are served from the
/// provider's cache, which a failing vault does not clear), from the app settings otherwise. Says nothing of the key.
/// </summary>
public sealed class SecretKeyHealthCheck(ISecretKeyProvider secretKeys) : IHealthCheck
{
    public const string Name = "jetPayKey";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await secretKeys.GetSecretKeysAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The JetPay secret key is readable.");
        }
        catch (RequestFailedException ex) when (ex.Status > 0)
        {
            return HealthCheckResult.Unhealthy($"Key Vault answered {FailedRequests.Describe(ex)} for the JetPay secret key.");
        }
        catch (AuthenticationFailedException)
        {
            return HealthCheckResult.Unhealthy("The app's identity could not sign in to Key Vault.");
        }
        catch (InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The JetPay secret key in Key Vault is empty.");
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy("Key Vault could not be reached.");
        }
    }
}
