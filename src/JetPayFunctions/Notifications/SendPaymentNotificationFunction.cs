using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Converters;

namespace JetPayFunctions.Notifications;

/// <summary>
/// Takes a <see cref="PaymentNotification"/> off the <c>payment-notifications</c> queue and sends it. A failure throws,
/// so the host makes the message visible again after <c>visibilityTimeout</c> and, after <c>maxDequeueCount</c>
/// dequeues, moves it to <c>payment-notifications-poison</c>. A message that is not a payment notification binds to
/// <c>null</c>, is logged by <see cref="PaymentNotificationConverter"/> and completed.
/// </summary>
public sealed class SendPaymentNotificationFunction(PaymentNotificationSender sender)
{
    public const string Name = "SendPaymentNotification";

    [Function(Name)]
    public async Task Run(
        [QueueTrigger(StorageNames.NotificationQueue, Connection = StorageConnection.SettingName)]
        [InputConverter(typeof(PaymentNotificationConverter))]
        PaymentNotification? notification,
        CancellationToken cancellationToken)
    {
        if (notification is not null)
        {
            await sender.SendAsync(notification, cancellationToken).ConfigureAwait(false);
        }
    }
}
