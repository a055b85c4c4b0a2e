using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace JetPay.Payments.Storage;

/// <summary>QR code images in the <c>qr-codes</c> container, one blob <c>{paymentId}.png</c> each.</summary>
public class QrCodeImageStore(BlobContainerClient container, IQrCodeUrlSigner urlSigner)
{
    public virtual async Task SaveAsync(string blobName, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/png", CacheControl = "private, max-age=900" } };
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(png), options, cancellationToken).ConfigureAwait(false);
    }

    public virtual ValueTask<QrCodeUrl> GetReadUrlAsync(string blobName, CancellationToken cancellationToken) =>
        urlSigner.SignReadUrlAsync(container.GetBlobClient(blobName), cancellationToken);
}
