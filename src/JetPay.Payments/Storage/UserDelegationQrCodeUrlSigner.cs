using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using JetPay.Payments.Configuration;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Storage;

/// <summary>
/// Signs with a user delegation key, for accounts with shared keys turned off. A SAS stops working when its key
/// expires, so each key is fetched to live the URL lifetime plus <see cref="KeyReuse"/>: it signs URLs for that long,
/// each of which it outlives, and is then renewed.
/// </summary>
public sealed class UserDelegationQrCodeUrlSigner(
    BlobServiceClient blobService,
    IOptions<PaymentsOptions> options,
    TimeProvider timeProvider) : IQrCodeUrlSigner, IDisposable
{
    /// <summary>How long one key signs URLs; with the longest URL lifetime (six days) a key lives 6.5 of the 7 days Azure allows.</summary>
    internal static readonly TimeSpan KeyReuse = TimeSpan.FromHours(12);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _renewal = new(1, 1);
    private volatile UserDelegationKey? _key;

    public async ValueTask<QrCodeUrl> SignReadUrlAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var expiresAt = AccountKeyQrCodeUrlSigner.TruncateToSeconds(timeProvider.GetUtcNow() + options.Value.QrCodeUrlLifetime);
        var key = await GetKeyValidUntilAsync(expiresAt, cancellationToken).ConfigureAwait(false);
        var sas = QrCodeSasBuilder.ForRead(blob, expiresAt).ToSasQueryParameters(key, blobService.AccountName);
        var url = new BlobUriBuilder(blob.Uri) { Sas = sas }.ToUri();
        return new QrCodeUrl(url, expiresAt);
    }

    public void Dispose() => _renewal.Dispose();

    private async ValueTask<UserDelegationKey> GetKeyValidUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var key = _key;
        if (key is not null && key.SignedExpiresOn >= until)
        {
            return key;
        }

        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            key = _key;
            if (key is not null && key.SignedExpiresOn >= until)
            {
                return key;
            }

            var now = timeProvider.GetUtcNow();
            var expiresOn = now + options.Value.QrCodeUrlLifetime + KeyReuse;
            var response = await blobService.GetUserDelegationKeyAsync(now - ClockSkew, expiresOn, cancellationToken).ConfigureAwait(false);
            _key = response.Value;
            return response.Value;
        }
        finally
        {
            _renewal.Release();
        }
    }
}
