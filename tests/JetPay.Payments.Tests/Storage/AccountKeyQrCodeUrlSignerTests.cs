using Azure.Storage.Blobs;
using JetPay.Payments.Configuration;
using JetPay.Payments.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JetPay.Payments.Tests.Storage;

public class AccountKeyQrCodeUrlSignerTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, 500, TimeSpan.Zero));

    private AccountKeyQrCodeUrlSigner Signer(TimeSpan lifetime) =>
        new(Options.Create(new PaymentsOptions { QrCodeUrlLifetime = lifetime }), _time);

    [Fact]
    public async Task An_https_account_gets_https_only_read_urls()
    {
        var blob = new BlobClient($"DefaultEndpointsProtocol=https;AccountName=shop;AccountKey={Key};EndpointSuffix=core.windows.net", "qr-codes", "order-1.png");

        var url = await Signer(TimeSpan.FromMinutes(15)).SignReadUrlAsync(blob, CancellationToken.None);

        var query = System.Web.HttpUtility.ParseQueryString(url.Url.Query);
        Assert.Equal("https", query["spr"]);
        Assert.Equal("r", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Null(query["st"]);
    }

    [Fact]
    public async Task The_expiry_is_the_configured_lifetime_in_whole_seconds()
    {
        var blob = new BlobClient($"DefaultEndpointsProtocol=https;AccountName=shop;AccountKey={Key};EndpointSuffix=core.windows.net", "qr-codes", "order-1.png");

        var url = await Signer(TimeSpan.FromMinutes(5)).SignReadUrlAsync(blob, CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 12, 5, 0, TimeSpan.Zero), url.ExpiresAt);
    }

    [Fact]
    public async Task A_connection_without_an_account_key_cannot_sign()
    {
        var blob = new BlobClient(new Uri("https://shop.blob.core.windows.net/qr-codes/order-1.png"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Signer(TimeSpan.FromMinutes(5)).SignReadUrlAsync(blob, CancellationToken.None));
    }
}
