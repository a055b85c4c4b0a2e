using Azure;
using Azure.Security.KeyVault.Secrets;
using JetPay.Payments.Configuration;
using JetPay.Payments.Secrets;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JetPay.Payments.Tests.Secrets;

public class KeyVaultSecretKeyProviderTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryVault _vault = new();
    private readonly FakeLogger<KeyVaultSecretKeyProvider> _logger = new();
    private readonly KeyVaultSecretKeyProvider _provider;

    public KeyVaultSecretKeyProviderTests()
    {
        _provider = new KeyVaultSecretKeyProvider(_vault, Options.Create(new KeyVaultOptions { RefreshInterval = TimeSpan.FromMinutes(5) }), _time, _logger);
    }

    [Fact]
    public async Task The_current_secret_is_read_from_the_vault()
    {
        _vault.Secrets["jetpay-secret-key"] = "from-the-vault";

        var keys = await _provider.GetSecretKeysAsync(CancellationToken.None);

        Assert.Equal("from-the-vault", keys.Current);
        Assert.Null(keys.Previous);
    }

    [Fact]
    public async Task During_a_rotation_the_previous_secret_is_read_too()
    {
        _vault.Secrets["jetpay-secret-key"] = "new";
        _vault.Secrets["jetpay-previous-secret-key"] = "old";

        var keys = await _provider.GetSecretKeysAsync(CancellationToken.None);

        Assert.Equal(("new", "old"), (keys.Current, keys.Previous));
    }

    [Fact]
    public async Task The_secret_is_cached_until_the_refresh_interval_passes_then_refreshed_in_the_background()
    {
        _vault.Secrets["jetpay-secret-key"] = "v1";
        await _provider.GetSecretKeysAsync(CancellationToken.None);
        _vault.Secrets["jetpay-secret-key"] = "v2";

        _time.Advance(TimeSpan.FromMinutes(4));
        var beforeRefresh = await _provider.GetSecretKeysAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        var whileRefreshing = await _provider.GetSecretKeysAsync(CancellationToken.None);
        await _provider.LastRefresh;
        var afterRefresh = await _provider.GetSecretKeysAsync(CancellationToken.None);

        Assert.Equal(("v1", "v1", "v2"), (beforeRefresh.Current, whileRefreshing.Current, afterRefresh.Current));
        Assert.Equal(2, _vault.Reads["jetpay-secret-key"]);
    }

    [Fact]
    public async Task A_slow_vault_holds_no_caller_while_it_refreshes()
    {
        _vault.Secrets["jetpay-secret-key"] = "cached-secret";
        await _provider.GetSecretKeysAsync(CancellationToken.None);
        _vault.Secrets["jetpay-secret-key"] = "rotated-secret";
        _vault.Gate = new TaskCompletionSource();
        _time.Advance(TimeSpan.FromMinutes(6));

        var reads = Enumerable.Range(0, 10).Select(_ => _provider.GetSecretKeysAsync(CancellationToken.None)).ToList();

        Assert.All(reads, read => Assert.True(read.IsCompletedSuccessfully, "a caller waited for the vault"));
        Assert.All(reads, read => Assert.Equal("cached-secret", read.Result.Current));
        Assert.False(_provider.LastRefresh.IsCompleted);
        _vault.Gate.SetResult();
        await _provider.LastRefresh;
        Assert.Equal("rotated-secret", (await _provider.GetSecretKeysAsync(CancellationToken.None)).Current);
        Assert.Equal(2, _vault.Reads["jetpay-secret-key"]); // one refresh for all ten callers
    }

    [Theory]
    [InlineData("request-failed")]
    [InlineData("network")]
    [InlineData("credential")]
    [InlineData("empty-secret")]
    public async Task When_the_vault_fails_at_refresh_in_any_way_the_cached_secret_stays_in_use_the_failure_is_logged_without_it_and_tried_again_later(string failure)
    {
        _vault.Secrets["jetpay-secret-key"] = "cached-secret";
        await _provider.GetSecretKeysAsync(CancellationToken.None);
        _vault.Failure = failure switch
        {
            "request-failed" => new RequestFailedException(503, "Service unavailable"),
            "network" => new HttpRequestException("connection refused"),
            "credential" => new Azure.Identity.AuthenticationFailedException("no token"),
            _ => null,
        };
        if (failure == "empty-secret")
        {
            _vault.Secrets["jetpay-secret-key"] = "";
        }

        _time.Advance(TimeSpan.FromMinutes(6));

        var keys = await _provider.GetSecretKeysAsync(CancellationToken.None);
        await _provider.LastRefresh;
        var afterFailure = await _provider.GetSecretKeysAsync(CancellationToken.None);

        Assert.Equal(("cached-secret", "cached-secret"), (keys.Current, afterFailure.Current));
        var entry = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.DoesNotContain("cached-secret", entry.Message, StringComparison.Ordinal);
        Assert.Equal(2, _vault.Reads["jetpay-secret-key"]);

        _time.Advance(KeyVaultSecretKeyProvider.RetryAfterFailure);
        await _provider.GetSecretKeysAsync(CancellationToken.None);
        await _provider.LastRefresh;
        Assert.Equal(3, _vault.Reads["jetpay-secret-key"]);
    }

    [Fact]
    public async Task Without_a_cached_secret_a_vault_failure_is_an_error()
    {
        _vault.Failure = new RequestFailedException(503, "Service unavailable");

        await Assert.ThrowsAsync<RequestFailedException>(async () => await _provider.GetSecretKeysAsync(CancellationToken.None));
    }

    /// <summary>The SDK's SecretClient is mockable: this one serves secrets from a dictionary.</summary>
    private sealed class InMemoryVault : SecretClient
    {
        public Dictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

        public Exception? Failure { get; set; }

        public TaskCompletionSource? Gate { get; set; }

        public override async Task<Response<KeyVaultSecret>> GetSecretAsync(string name, string? version = null, CancellationToken cancellationToken = default)
        {
            lock (Reads)
            {
                Reads[name] = Reads.GetValueOrDefault(name) + 1;
            }

            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (Failure is { } failure)
            {
                throw failure;
            }

            return Secrets.TryGetValue(name, out var value)
                ? Response.FromValue(SecretModelFactory.KeyVaultSecret(new SecretProperties(name), value), null!)
                : throw new RequestFailedException(404, "SecretNotFound", "SecretNotFound", null);
        }
    }
}
