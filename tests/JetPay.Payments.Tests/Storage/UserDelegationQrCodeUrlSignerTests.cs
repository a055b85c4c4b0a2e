using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using JetPay.Payments.Configuration;
using JetPay.Payments.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JetPay.Payments.Tests.Storage;

public class UserDelegationQrCodeUrlSignerTests
{
    private static readonly Uri ServiceUri = new("https://shop.blob.core.windows.net/");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly KeyIssuingBlobService _service;
    private readonly UserDelegationQrCodeUrlSigner _signer;

    public UserDelegationQrCodeUrlSignerTests()
    {
        _service = new KeyIssuingBlobService(_time);
        _signer = new UserDelegationQrCodeUrlSigner(_service, Options.Create(new PaymentsOptions { QrCodeUrlLifetime = TimeSpan.FromMinutes(15) }), _time);
    }

    private static BlobClient Blob(string name) => new(new Uri(ServiceUri, $"qr-codes/{name}"));

    [Fact]
    public async Task A_url_is_read_only_for_one_blob_over_https_with_no_start_time_and_signed_by_a_delegation_key()
    {
        var url = await _signer.SignReadUrlAsync(Blob("order-1.png"), CancellationToken.None);

        var query = System.Web.HttpUtility.ParseQueryString(url.Url.Query);
        Assert.Equal("https://shop.blob.core.windows.net/qr-codes/order-1.png", url.Url.GetLeftPart(UriPartial.Path));
        Assert.Equal("r", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Equal("https", query["spr"]);
        Assert.Null(query["st"]);
        Assert.Equal("object-id", query["skoid"]);
        Assert.Equal("tenant-id", query["sktid"]);
        Assert.False(string.IsNullOrEmpty(query["sig"]));
        Assert.Equal(_time.GetUtcNow().AddMinutes(15), url.ExpiresAt);
        Assert.Equal("2026-11-28T12:15:00Z", query["se"]);
    }

    [Fact]
    public async Task The_delegation_key_is_fetched_once_for_many_urls()
    {
        for (var i = 0; i < 50; i++)
        {
            await _signer.SignReadUrlAsync(Blob($"order-{i}.png"), CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1, _service.KeysIssued);
    }

    [Fact]
    public async Task The_delegation_key_is_renewed_before_a_url_could_outlive_it()
    {
        await _signer.SignReadUrlAsync(Blob("a.png"), CancellationToken.None);
        _time.Advance(UserDelegationQrCodeUrlSigner.KeyReuse + TimeSpan.FromMinutes(1));

        var url = await _signer.SignReadUrlAsync(Blob("b.png"), CancellationToken.None);

        Assert.Equal(2, _service.KeysIssued);
        Assert.True(_service.LastKey!.SignedExpiresOn >= url.ExpiresAt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(36)]
    [InlineData(144)]
    public async Task With_a_url_lifetime_of_days_every_url_is_covered_by_its_key_and_a_key_signs_for_half_a_day(int hours)
    {
        var lifetime = TimeSpan.FromHours(hours);
        using var signer = new UserDelegationQrCodeUrlSigner(_service, Options.Create(new PaymentsOptions { QrCodeUrlLifetime = lifetime }), _time);

        for (var i = 0; i < 24; i++)
        {
            var url = await signer.SignReadUrlAsync(Blob($"order-{i}.png"), CancellationToken.None);
            Assert.True(_service.LastKey!.SignedExpiresOn >= url.ExpiresAt, "a URL must not outlive the key that signed it");
            Assert.True(_service.LastKey.SignedExpiresOn - _time.GetUtcNow() <= TimeSpan.FromDays(7), "Azure issues keys for seven days at most");
            _time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(2, _service.KeysIssued); // 24 hours of URLs, a key for each 12
    }

    [Fact]
    public async Task Concurrent_requests_share_one_key_request()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _signer.SignReadUrlAsync(Blob($"{i}.png"), CancellationToken.None).AsTask()));

        Assert.Equal(1, _service.KeysIssued);
    }

    /// <summary>The SDK's client is mockable: this one issues delegation keys without a network.</summary>
    private sealed class KeyIssuingBlobService(TimeProvider time) : BlobServiceClient
    {
        private int _keysIssued;

        public int KeysIssued => _keysIssued;

        public UserDelegationKey? LastKey { get; private set; }

        public override string AccountName => "shop";

        public override Uri Uri => ServiceUri;

        public override async Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(DateTimeOffset? startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _keysIssued);
            await Task.Yield();
            Assert.True(startsOn <= time.GetUtcNow(), "a delegation key must be valid at once");
            LastKey = BlobsModelFactory.UserDelegationKey("object-id", "tenant-id", startsOn!.Value, expiresOn, "b", "2025-01-05", Convert.ToBase64String(new byte[32]));
            return Response.FromValue(LastKey, null!);
        }
    }
}
