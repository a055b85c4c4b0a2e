using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace JetPay.Payments.Storage;

internal static class QrCodeSasBuilder
{
    /// <summary>Read-only, one blob, no start time (valid at once), HTTPS-only unless the endpoint itself is plain HTTP (Azurite).</summary>
    public static BlobSasBuilder ForRead(BlobClient blob, DateTimeOffset expiresOn)
    {
        var builder = new BlobSasBuilder
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            ExpiresOn = expiresOn,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        builder.SetPermissions(BlobSasPermissions.Read);
        return builder;
    }
}
