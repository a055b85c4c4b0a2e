namespace JetPay.PaymentPage;

/// <summary>Where the project's secret keys come from (configuration, a key vault, a test).</summary>
/// <remarks>Called for every request and callback; an implementation that reads a remote store should cache.</remarks>
public interface ISecretKeyProvider
{
    /// <summary>The keys in force now.</summary>
    ValueTask<SecretKeys> GetSecretKeysAsync(CancellationToken cancellationToken);
}
