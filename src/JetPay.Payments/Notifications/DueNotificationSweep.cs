using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Finds the notification work that is due (<see cref="NotificationSchedule"/>) and does it: retries whose time has
/// come, claims that ran out because the process holding them died, redeliveries, callbacks whose queue message
/// was not handled in time, and payments whose <c>expiresAt</c> passed. Run every few seconds; it never needs a queue message, so a lost one loses nothing.
/// </summary>
public sealed partial class DueNotificationSweep(
    NotificationSchedule schedule,
    NotificationDeliveryLedger deliveries,
    PaymentStore payments,
    PaymentIndex index,
    PaymentNotificationSender sender,
    NotificationDeliverer deliverer,
    IOptions<NotificationsOptions> options,
    TimeProvider timeProvider,
    ILogger<DueNotificationSweep> logger)
{
    /// <summary>How many due entries one pass reads.</summary>
    public const int PassSize = 100;

    /// <summary>How many deliveries one pass attempts at once.</summary>
    public const int Parallelism = 8;

    /// <summary>
    /// How old an entry that points at nothing must be before it is dropped: a writer adds the entry before the record
    /// that names it, and that record may still be on its way.
    /// </summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(2);

    /// <summary>Works through what is due, earliest first, pass after pass, until nothing is left or <paramref name="budget"/> is spent.</summary>
    /// <returns>How many entries were looked at.</returns>
    public async Task<int> RunAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var now = timeProvider.GetUtcNow();
        string? lastKey = null;
        var seen = 0;
        while (timeProvider.GetElapsedTime(started) < budget)
        {
            var due = new List<ScheduledEntry>();
            await foreach (var entry in schedule.DueAsync(now, PassSize, lastKey, cancellationToken).ConfigureAwait(false))
            {
                due.Add(entry);
            }

            if (due.Count == 0)
            {
                break;
            }

            lastKey = due[^1].Key;
            seen += due.Count;
            await Parallel.ForEachAsync(
                due,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (entry, token) => await HandleAsync(entry, timeProvider.GetUtcNow(), token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return seen;
    }

    private async Task HandleAsync(ScheduledEntry scheduled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entry = scheduled.Entry;
        using var scope = PaymentLogScope.Begin(logger, entry.PaymentId);
        try
        {
            switch (entry.Kind)
            {
                case DueEntryKind.Intake:
                    LogIntakeOverdue(logger, entry.Status);
                    var acceptedAt = scheduled.DueAt - options.Value.DeliveryLeaseTime; // the callback put it a lease time ahead
                    await sender.SendAsync(new PaymentNotification(entry.PaymentId, entry.Status, scheduled.Key) { CallbackAcceptedAt = acceptedAt }, cancellationToken).ConfigureAwait(false);
                    break;
                case DueEntryKind.Expiry:
                    if (PaymentId.TryParse(entry.PaymentId, out var expiring))
                    {
                        await index.RefreshAsync(expiring, cancellationToken).ConfigureAwait(false); // lists it, should its creation have died before
                    }

                    // The payment reads 'expired' now unless something final came first; either way the sender tells
                    // the status as stored, once per status and channel.
                    await sender.SendAsync(new PaymentNotification(entry.PaymentId, entry.Status, scheduled.Key), cancellationToken).ConfigureAwait(false);
                    break;
                case DueEntryKind.Delivery when PaymentId.TryParse(entry.PaymentId, out var paymentId) && entry.Channel is { } channel:
                    await RetryAsync(scheduled, paymentId, channel, now, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await schedule.RemoveAsync(scheduled.Key, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            LogEntryFailed(logger, scheduled.Key, ex.Message); // the entry stays; the next pass tries again
        }
    }

    private async Task RetryAsync(ScheduledEntry scheduled, PaymentId paymentId, NotificationChannel channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = await deliveries.FindAsync(paymentId, scheduled.Entry.Status, channel, cancellationToken).ConfigureAwait(false);
        if (record is null || record.ScheduleKey != scheduled.Key)
        {
            // Stale: the record moved on (its own entry exists) or was never written. Young ones may still be on their way.
            if (scheduled.DueAt < now - OrphanAge)
            {
                await schedule.RemoveAsync(scheduled.Key, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (!record.IsDue(now))
        {
            return;
        }

        var payment = await payments.FindAsync(paymentId, cancellationToken).ConfigureAwait(false);
        if (payment is null)
        {
            LogPaymentGone(logger, channel.Describe(), record.Status);
            return;
        }

        await deliverer.AttemptAsync(payment, record, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notifications of a '{ReportedStatus}' callback were not handled from the queue in time; handling them now")]
    private static partial void LogIntakeOverdue(ILogger logger, string reportedStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule entry {Key} could not be handled now ({Reason}); the next pass tries again")]
    private static partial void LogEntryFailed(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Channel} notification of '{Status}' is due, but its payment cannot be read")]
    private static partial void LogPaymentGone(ILogger logger, string channel, string status);
}
