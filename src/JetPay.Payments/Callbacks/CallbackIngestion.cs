using JetPay.PaymentPage;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using Microsoft.Extensions.Logging;

namespace JetPay.Payments.Callbacks;

/// <summary>
/// Records a verified callback exactly once and moves its payment forward.
/// </summary>
/// <remarks>
/// <para>The callback row, the payment's new status and the notification to send are written in one table transaction
/// (they share the payment's partition); a concurrent change of the payment fails the transaction on the ETag and the
/// work is redone on the fresh row.</para>
/// <para>The notification is then put on the queue and only afterwards marked as enqueued. Whatever point the process dies
/// at, JetPay has not had its 200 yet and delivers the callback again: the redelivery is recognised as a duplicate, and
/// every notification of the payment still marked pending is enqueued then. (Only duplicates look for pending ones, so
/// the common path costs two storage round trips: read the payment, write the transaction.) A message enqueued twice is
/// harmless, since the sender keeps its own record of what it sent.</para>
/// </remarks>
public sealed partial class CallbackIngestion(
    PaymentStore payments,
    CallbackLedger ledger,
    NotificationQueue notifications,
    TimeProvider timeProvider,
    ILogger<CallbackIngestion> logger)
{
    private const int MaxAttempts = 20;

    public async Task<CallbackOutcome> IngestAsync(PaymentCallback callback, ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        using var scope = PaymentLogScope.Begin(logger, callback.Payment.Id);
        var (outcome, notification) = await RecordAsync(callback, rawBody, cancellationToken).ConfigureAwait(false);
        if (notification is not null)
        {
            await EnqueueAsync(notification, cancellationToken).ConfigureAwait(false);
        }
        else if (outcome == CallbackOutcome.Duplicate)
        {
            // A redelivery: the first delivery may have died between storing and enqueueing.
            foreach (var pending in await ledger.PendingNotificationsAsync(callback.Payment.Id, cancellationToken).ConfigureAwait(false))
            {
                await EnqueueAsync(pending, cancellationToken).ConfigureAwait(false);
            }
        }

        LogIngested(logger, callback.Payment.Status.Value, outcome);
        return outcome;
    }

    private async Task<(CallbackOutcome Outcome, PaymentNotification? Notification)> RecordAsync(PaymentCallback callback, ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var payment = PaymentId.TryParse(callback.Payment.Id, out var id)
                ? await payments.FindAsync(id, cancellationToken).ConfigureAwait(false)
                : null;
            if (payment is not { Creation: PaymentCreation.Issued })
            {
                var unmatched = await ledger.RecordAsync(callback, rawBody, null, null, null, cancellationToken).ConfigureAwait(false);
                if (unmatched == CallbackRecording.Recorded)
                {
                    LogUnmatched(logger, callback.Payment.Status.Value);
                    return (CallbackOutcome.Unmatched, null);
                }

                return (CallbackOutcome.Duplicate, null);
            }

            var change = PaymentStatusTransitions.Apply(payment, callback);
            var updated = change.Changed
                ? payment with { Status = change.To, ReviewReason = change.ReviewReason ?? payment.ReviewReason, UpdatedAt = timeProvider.GetUtcNow() }
                : payment;
            var notification = change.Changed && PaymentStatusTransitions.IsNotifiable(change.To)
                ? new PaymentNotification(payment.PaymentId.Value, change.To)
                : null;

            var recording = await ledger.RecordAsync(callback, rawBody, payment, updated, notification, cancellationToken).ConfigureAwait(false);
            switch (recording)
            {
                case CallbackRecording.Duplicate:
                    return (CallbackOutcome.Duplicate, null);
                case CallbackRecording.Recorded when change.ReviewReason is not null:
                    LogHeldForReview(logger, change.ReviewReason);
                    return (CallbackOutcome.HeldForReview, notification);
                case CallbackRecording.Recorded:
                    return (change.Changed ? CallbackOutcome.Applied : CallbackOutcome.Stale, notification);
                case CallbackRecording.PaymentChanged when attempt < MaxAttempts:
                    continue;
                default:
                    throw new InvalidOperationException($"The payment kept changing while callback '{callback.Payment.Status.Value}' was recorded.");
            }
        }
    }

    private async Task EnqueueAsync(PaymentNotification notification, CancellationToken cancellationToken)
    {
        await notifications.EnqueueAsync(notification, cancellationToken).ConfigureAwait(false);
        await ledger.MarkEnqueuedAsync(notification, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback with status '{Status}': {Outcome}")]
    private static partial void LogIngested(ILogger logger, string status, CallbackOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback with status '{Status}' for a payment the app does not know; stored as unmatched")]
    private static partial void LogUnmatched(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Success callback held for review, not treated as paid: {Reason}")]
    private static partial void LogHeldForReview(ILogger logger, string reason);
}
