using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace JetPay.Payments.Storage;

/// <summary>
/// Creates the tables, containers and queues when they are missing. In Azure the Bicep templates already made them;
/// locally (Azurite) this makes a fresh emulator usable without a setup step.
/// </summary>
public sealed class StorageProvisioner(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(StorageNames.PaymentsTable, cancellationToken).ConfigureAwait(false);
        await tables.CreateTableIfNotExistsAsync(StorageNames.NotificationScheduleTable, cancellationToken).ConfigureAwait(false);
        await tables.CreateTableIfNotExistsAsync(StorageNames.PaymentIndexTable, cancellationToken).ConfigureAwait(false);
        await blobs.GetBlobContainerClient(StorageNames.QrCodeContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(StorageNames.NotificationQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(StorageNames.NotificationPoisonQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
