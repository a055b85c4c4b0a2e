using Azure.Storage.Queues;
using JetPay.Payments.Storage;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Moves the messages of <c>payment-notifications-poison</c> back onto <c>payment-notifications</c>, after whatever made
/// them fail (SMTP or the merchant's webhook down) is fixed. Safe to repeat: the sender skips every channel it already
/// delivered, so a replay sends only what is missing.
/// </summary>
public sealed class PoisonQueueReplay(QueueServiceClient queues)
{
    private static readonly TimeSpan Invisibility = TimeSpan.FromMinutes(1);

    /// <returns>How many messages were moved.</returns>
    public async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        var poison = queues.GetQueueClient(StorageNames.NotificationPoisonQueue);
        var target = queues.GetQueueClient(StorageNames.NotificationQueue);
        if (!await poison.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var moved = 0;
        while (true)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, Invisibility, cancellationToken).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                return moved;
            }

            foreach (var message in batch)
            {
                // Send first, then delete: a crash in between leaves a copy in both queues, never in neither.
                await target.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                moved++;
            }
        }
    }
}
