using Azure.Storage.Queues;
using JetPay.Payments.Storage;

namespace JetPay.Payments.Notifications;

/// <summary>The <c>payment-notifications</c> queue (Base64 messages, as the Functions queue trigger reads them).</summary>
public class NotificationQueue(QueueServiceClient queues)
{
    private readonly QueueClient _queue = queues.GetQueueClient(StorageNames.NotificationQueue);

    public virtual async Task EnqueueAsync(PaymentNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await _queue.SendMessageAsync(notification.ToJson(), cancellationToken).ConfigureAwait(false);
    }
}
