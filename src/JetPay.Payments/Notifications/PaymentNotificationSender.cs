using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using Microsoft.Extensions.Logging;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Handles a <see cref="PaymentNotification"/>: records a delivery for each channel the payment's status is told on
/// (<see cref="NotificationPlan"/>), the status as stored now, not the one the callback reported (a later callback may
/// have moved the payment on, and a mismatched <c>success</c> is held for review), and makes the first attempt at each,
/// side by side, so that a slow channel does not hold up the other. However often a message for a status arrives, each
/// channel has one record and is sent once.
/// </summary>
/// <remarks>
/// Only storage failures escape (the queue then delivers the message again); a failed send is recorded with its next
/// attempt, which <see cref="DueNotificationSweep"/> makes. The callback's intake entry is removed once every delivery
/// is sent, failed or scheduled: until then it stands for them, should this instance die mid-send.
/// </remarks>
public sealed partial class PaymentNotificationSender(
    PaymentStore payments,
    NotificationDeliveryLedger deliveries,
    NotificationSchedule schedule,
    NotificationDeliverer deliverer,
    TimeProvider timeProvider,
    PaymentMetrics metrics,
    ILogger<PaymentNotificationSender> logger)
{
    public async Task SendAsync(PaymentNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var scope = PaymentLogScope.Begin(logger, notification.PaymentId);
        var payment = PaymentId.TryParse(notification.PaymentId, out var paymentId)
            ? await payments.FindAsync(paymentId, cancellationToken).ConfigureAwait(false)
            : null;
        if (payment is null)
        {
            LogUnknownPayment(logger, notification.ReportedStatus);
            await RemoveIntakeAsync(notification, cancellationToken).ConfigureAwait(false);
            return;
        }

        var status = payment.Status;
        if (payment.ReviewReason is { } reviewReason)
        {
            LogHeldForReview(logger, reviewReason);
            metrics.StatusChanged(PaymentStatusTransitions.ReviewStatus);
        }

        var records = new List<DeliveryRecord>();
        foreach (var channel in NotificationPlan.ChannelsFor(status))
        {
            if (!deliverer.IsConfigured(channel))
            {
                LogChannelOff(logger, channel.Describe(), status);
                continue;
            }

            var eventId = deliverer.EventIdFor(payment.PaymentId, status, channel);
            records.Add(await deliveries.OpenAsync(payment.PaymentId, status, channel, eventId, notification.CallbackAcceptedAt, cancellationToken).ConfigureAwait(false));
        }

        if (records.Count == 0)
        {
            LogNothingPlanned(logger, status);
        }

        var now = timeProvider.GetUtcNow();
        foreach (var record in records.Where(r => !r.IsDue(now)))
        {
            LogNotDue(logger, record.Channel.Describe(), status, record.State);
        }

        var after = await Task.WhenAll(records.Select(async r => r.IsDue(now)
            ? await deliverer.AttemptAsync(payment, r, cancellationToken).ConfigureAwait(false) ?? r
            : r)).ConfigureAwait(false);

        // The intake entry stands for the deliveries until each is final or has a schedule entry of its own; until
        // then (an attempt of another instance holds one), the sweep comes back to it.
        if (after.All(r => r.IsCovered))
        {
            await RemoveIntakeAsync(notification, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RemoveIntakeAsync(PaymentNotification notification, CancellationToken cancellationToken)
    {
        if (notification.IntakeKey is { } key)
        {
            await schedule.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A callback reported '{ReportedStatus}' for a payment the app does not know; nothing to send")]
    private static partial void LogUnknownPayment(ILogger logger, string reportedStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Payment held for review, not treated as paid: {Reason}")]
    private static partial void LogHeldForReview(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status '{Status}' is told to nobody; nothing to send")]
    private static partial void LogNothingPlanned(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Channel} notification of '{Status}' is skipped: the channel is not configured")]
    private static partial void LogChannelOff(ILogger logger, string channel, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Channel} notification of '{Status}' is {State}; not attempted now")]
    private static partial void LogNotDue(ILogger logger, string channel, string status, DeliveryState state);
}
