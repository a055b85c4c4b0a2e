using System.Text.Json;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace JetPayFunctions.Notifications;

/// <summary>
/// Takes a <see cref="PaymentNotification"/> off the <c>payment-notifications</c> queue and sends it. A failure throws,
/// so the host makes the message visible again after <c>visibilityTimeout</c> and, after <c>maxDequeueCount</c>
/// dequeues, moves it to <c>payment-notifications-poison</c>. A message that is not a payment notification is logged
/// and completed: retrying it could never succeed, and it names no payment to replay.
/// </summary>
public sealed partial class SendPaymentNotificationFunction(PaymentNotificationSender sender, ILogger<SendPaymentNotificationFunction> logger)
{
    public const string Name = "SendPaymentNotification";

    [Function(Name)]
    public async Task Run(
        [QueueTrigger(StorageNames.NotificationQueue, Connection = StorageConnection.SettingName)] string message,
        CancellationToken cancellationToken)
    {
        PaymentNotification notification;
        try
        {
            notification = PaymentNotification.FromJson(message);
        }
        catch (JsonException ex)
        {
            LogMalformed(logger, message.Length, ex.Message);
            return;
        }

        await sender.SendAsync(notification, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue message of {Length} characters is not a payment notification, dropped: {Reason}")]
    private static partial void LogMalformed(ILogger logger, int length, string reason);
}
