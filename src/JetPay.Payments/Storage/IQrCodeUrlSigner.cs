using Azure.Storage.Blobs;

namespace JetPay.Payments.Storage;

/// <summary>Makes read-only, blob-scoped SAS URLs for QR code images.</summary>
public interface IQrCodeUrlSigner
{
    ValueTask<QrCodeUrl> SignReadUrlAsync(BlobClient blob, CancellationToken cancellationToken);
}
