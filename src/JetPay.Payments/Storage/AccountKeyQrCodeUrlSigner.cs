using Azure.Storage.Blobs;
using JetPay.Payments.Configuration;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Storage;

/// <summary>Signs with the account key of a connection string; used locally against Azurite.</summary>
public sealed class AccountKeyQrCodeUrlSigner(IOptions<PaymentsOptions> options, TimeProvider timeProvider) : IQrCodeUrlSigner
{
    public ValueTask<QrCodeUrl> SignReadUrlAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (!blob.CanGenerateSasUri)
        {
            throw new InvalidOperationException("The storage connection has no account key; use a user delegation SAS.");
        }

        var expiresAt = TruncateToSeconds(timeProvider.GetUtcNow() + options.Value.QrCodeUrlLifetime);
        var url = blob.GenerateSasUri(QrCodeSasBuilder.ForRead(blob, expiresAt));
        return ValueTask.FromResult(new QrCodeUrl(url, expiresAt));
    }

    // SAS times have whole seconds; report the instant the URL really stops working.
    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
