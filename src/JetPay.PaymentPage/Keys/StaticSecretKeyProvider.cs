namespace JetPay.PaymentPage;

/// <summary>Keys fixed for the lifetime of the provider: from configuration read at start-up, or in tests.</summary>
public sealed class StaticSecretKeyProvider : ISecretKeyProvider
{
    private readonly SecretKeys _keys;

    /// <summary>A provider that always gives <paramref name="keys"/>.</summary>
    /// <param name="keys">The keys.</param>
    public StaticSecretKeyProvider(SecretKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    /// <inheritdoc cref="SecretKeys(string, string?)"/>
    public StaticSecretKeyProvider(string current, string? previous = null)
        : this(new SecretKeys(current, previous))
    {
    }

    /// <inheritdoc/>
    public ValueTask<SecretKeys> GetSecretKeysAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_keys);
}
