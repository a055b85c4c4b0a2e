using JetPay.Payments.Storage;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Asks for a payment's notifications, the one way every event does (a callback, the app's own cancellation, its
/// expiry): an entry in the <see cref="NotificationSchedule"/> first, then (for what happened now) a queue message. The
/// sender notifies the payment's status as stored, once per status and channel, so asking twice sends nothing twice.
/// </summary>
public class NotificationIntake(
    NotificationSchedule schedule,
    NotificationQueue queue,
    IOptions<NotificationsOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Something happened to the payment now: its notifications are queued, and an intake entry due a lease time later
    /// stands in for the message should it be lost or its handler die.
    /// </summary>
    public virtual async Task RequestAsync(string paymentId, string reportedStatus, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var intakeKey = await schedule.AddAsync(DueEntry.Intake(paymentId, reportedStatus), now + options.Value.DeliveryLeaseTime, cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(new PaymentNotification(paymentId, reportedStatus, intakeKey) { CallbackAcceptedAt = now }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The payment will expire at <paramref name="expiresAt"/> unless something final happens first: the sweep asks for
    /// its notifications then. Returns the entry's key.
    /// </summary>
    public virtual Task<string> ScheduleExpiryAsync(string paymentId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        schedule.AddAsync(DueEntry.Expiry(paymentId), expiresAt, cancellationToken);

    /// <summary>Withdraws an expiry entry (the payment was never issued).</summary>
    public virtual Task WithdrawAsync(string key, CancellationToken cancellationToken) => schedule.RemoveAsync(key, cancellationToken);
}
