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
/// </summary>
/// <remarks>
/// Only the first read waits for the vault. Once a secret is cached, a due refresh runs in the background while every
/// caller is served the cached keys at once: a slow vault holds nobody up, and a failing one (whatever the failure)
/// leaves the cached keys in use, logged, and tried again after <see cref="RetryAfterFailure"/>.
/// </remarks>
public sealed partial class KeyVaultSecretKeyProvider(
    SecretClient secretClient,
    IOptions<KeyVaultOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyVaultSecretKeyProvider> logger) : ISecretKeyProvider, IDisposable
{
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _firstRead = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private volatile CachedKeys? _cached;
    private int _refreshing;

    /// <summary>The background refresh last started (completed when none ran); for tests.</summary>
    internal Task LastRefresh { get; private set; } = Task.CompletedTask;

    public async ValueTask<SecretKeys> GetSecretKeysAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is null)
        {
            return await ReadFirstAsync(cancellationToken).ConfigureAwait(false);
        }

        if (timeProvider.GetUtcNow() >= cached.RefreshAfter && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            LastRefresh = Task.Run(() => RefreshAsync(cached), CancellationToken.None);
        }

        return cached.Keys;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _firstRead.Dispose();
    }

    private async Task<SecretKeys> ReadFirstAsync(CancellationToken cancellationToken)
    {
        await _firstRead.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } cached)
            {
                return cached.Keys;
            }

            var keys = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _cached = new CachedKeys(keys, timeProvider.GetUtcNow() + options.Value.RefreshInterval);
            return keys;
        }
        finally
        {
            _firstRead.Release();
        }
    }

    private async Task RefreshAsync(CachedKeys stale)
    {
        try
        {
            var keys = await FetchAsync(_disposed.Token).ConfigureAwait(false);
            _cached = new CachedKeys(keys, timeProvider.GetUtcNow() + options.Value.RefreshInterval);
        }
#pragma warning disable CA1031 // any failure of the vault, the network or the credential leaves the cached keys in use
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRefreshFailed(logger, ex.GetType().Name, (ex as RequestFailedException)?.Status ?? 0, (ex as RequestFailedException)?.ErrorCode);
            _cached = stale with { RefreshAfter = timeProvider.GetUtcNow() + RetryAfterFailure };
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key Vault refresh of the JetPay secret failed ({Failure}, status {Status} {ErrorCode}); the cached secret stays in use")]
    private static partial void LogRefreshFailed(ILogger logger, string failure, int status, string? errorCode);

    private sealed record CachedKeys(SecretKeys Keys, DateTimeOffset RefreshAfter);
}
