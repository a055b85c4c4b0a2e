using Azure;
using Azure.Security.KeyVault.Secrets;
using JetPay.Payments.Configuration;
using JetPay.PaymentPage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Secrets;

/// <summary>
/// Reads the JetPay secret (and the previous one, during a rotation) from Key Vault and keeps it for
/// <see cref="KeyVaultOptions.RefreshInterval"/>, so a rotated secret is picked up without a restart.
/// If the vault cannot be reached when a refresh is due, the last keys stay in use and the failure is logged.
/// </summary>
public sealed partial class KeyVaultSecretKeyProvider(
    SecretClient secretClient,
    IOptions<KeyVaultOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyVaultSecretKeyProvider> logger) : ISecretKeyProvider, IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedKeys? _cached;

    public async ValueTask<SecretKeys> GetSecretKeysAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && timeProvider.GetUtcNow() < cached.RefreshAfter)
        {
            return cached.Keys;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cached;
            var now = timeProvider.GetUtcNow();
            if (cached is not null && now < cached.RefreshAfter)
            {
                return cached.Keys;
            }

            try
            {
                var keys = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _cached = new CachedKeys(keys, now + options.Value.RefreshInterval);
                return keys;
            }
            catch (RequestFailedException ex) when (cached is not null)
            {
                LogRefreshFailed(logger, ex.Status, ex.ErrorCode);
                _cached = cached with { RefreshAfter = now + RetryAfterFailure };
                return cached.Keys;
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private async Task<SecretKeys> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var current = await secretClient.GetSecretAsync(settings.SecretKeyName, null, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(current.Value.Value))
        {
            throw new InvalidOperationException($"Key Vault secret '{settings.SecretKeyName}' is empty.");
        }

        return new SecretKeys(current.Value.Value, await FetchPreviousAsync(settings.PreviousSecretKeyName, cancellationToken).ConfigureAwait(false));
    }

    private async Task<string?> FetchPreviousAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var previous = await secretClient.GetSecretAsync(name, null, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(previous.Value.Value) ? null : previous.Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // no rotation in progress
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key Vault refresh of the JetPay secret failed ({Status} {ErrorCode}); the cached secret stays in use")]
    private static partial void LogRefreshFailed(ILogger logger, int status, string? errorCode);

    private sealed record CachedKeys(SecretKeys Keys, DateTimeOffset RefreshAfter);
}
