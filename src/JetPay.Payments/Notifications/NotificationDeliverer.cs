using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Makes one attempt at one delivery: claims its record, sends on its channel, and records how it went: sent; or
/// failed, with the next attempt from the <see cref="RetrySchedule"/>; or, after the schedule's last attempt, failed
/// for good (logged as an error). A send failure never escapes: the record holds it and the schedule retries.
/// </summary>
/// <remarks>
/// The one window for a duplicate: the SMTP server or the webhook endpoint accepted the notification, but the record
/// was not marked sent (the process died in between, or storage failed just then). Once the claim runs out, the next
/// attempt sends it again, with the same <c>Message-ID</c> or <c>webhook-id</c> and body, so the receiver can tell.
/// </remarks>
public sealed partial class NotificationDeliverer(
    NotificationDeliveryLedger deliveries,
    ReceiptMailer mailer,
    MerchantWebhookClient webhook,
    IOptions<NotificationsOptions> options,
    PaymentMetrics metrics,
    TimeProvider timeProvider,
    ILogger<NotificationDeliverer> logger)
{
    /// <summary>Whether the channel is switched on (its settings are there).</summary>
    public bool IsConfigured(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => options.Value.Smtp.IsEnabled,
        NotificationChannel.Webhook => options.Value.Webhook.IsEnabled,
        _ => false,
    };

    /// <summary>The id the notification carries on every attempt: the webhook's <c>webhook-id</c>, the receipt's <c>Message-ID</c>.</summary>
    public string EventIdFor(PaymentId paymentId, string status, NotificationChannel channel) => channel == NotificationChannel.Email
        ? NotificationIds.ReceiptMessageId(paymentId.Value, status, PaymentReceipt.DomainOf(mailer.From))
        : NotificationIds.WebhookId(paymentId.Value, status);

    /// <summary>Attempts the delivery if it is due and no other attempt has it.</summary>
    /// <returns>The record after the attempt; <c>null</c> when there was none (not due, or another attempt has it).</returns>
    public async Task<DeliveryRecord?> AttemptAsync(Payment payment, DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var claim = await deliveries.TryClaimAsync(record, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return null;
        }

        var channel = claim.Channel.Describe();
        try
        {
            await SendAsync(payment, claim, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: due again at once, for the next instance (or this one, restarted).
            await deliveries.ScheduleRetryAsync(claim, timeProvider.GetUtcNow(), "the attempt was cut off: the app was stopping", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            return await RecordFailureAsync(claim, DeliveryFailure.Describe(ex)).ConfigureAwait(false);
        }

        var sent = await deliveries.MarkSentAsync(claim, CancellationToken.None).ConfigureAwait(false);
        metrics.NotificationSent(claim.Channel, sent.SentAt - claim.CallbackAcceptedAt);
        if (claim.Channel == NotificationChannel.Email)
        {
            LogEmailed(logger, claim.Status, EmailMasking.Mask(payment.CustomerEmail), claim.Attempts);
        }
        else
        {
            LogWebhookSent(logger, claim.Status, claim.EventId ?? "", claim.Attempts);
        }

        return sent;
    }

    // The record as this attempt left it; the claim itself if another attempt took the record over meanwhile.
    private async Task<DeliveryRecord> RecordFailureAsync(DeliveryRecord claim, string failure)
    {
        var channel = claim.Channel.Describe();
        var delay = options.Value.Schedule.DelayAfter(claim.RoundAttempts, Random.Shared.NextDouble());
        if (delay is { } wait)
        {
            var next = timeProvider.GetUtcNow() + wait;
            var retry = await deliveries.ScheduleRetryAsync(claim, next, failure, CancellationToken.None).ConfigureAwait(false);
            if (retry is not null)
            {
                LogRetryScheduled(logger, channel, claim.Status, claim.Attempts, failure, next);
                metrics.NotificationRetried(claim.Channel);
            }

            return retry ?? claim;
        }

        var failed = await deliveries.GiveUpAsync(claim, failure, CancellationToken.None).ConfigureAwait(false);
        if (failed is not null)
        {
            LogGaveUp(logger, channel, claim.Status, claim.PaymentId.Value, claim.Attempts, failure);
            metrics.NotificationFailed(claim.Channel);
        }

        return failed ?? claim;
    }

    private async Task SendAsync(Payment payment, DeliveryRecord claim, CancellationToken cancellationToken)
    {
        if (!IsConfigured(claim.Channel))
        {
            throw new InvalidOperationException($"the {claim.Channel.Describe()} channel is not configured");
        }

        switch (claim.Channel)
        {
            case NotificationChannel.Email:
                var receipt = PaymentReceipt.Compose(payment, mailer.From, timeProvider.GetUtcNow());
                await mailer.SendAsync(receipt, cancellationToken).ConfigureAwait(false);
                break;
            case NotificationChannel.Webhook:
                var webhookId = NotificationIds.WebhookId(payment.PaymentId.Value, claim.Status);
                var body = PaymentWebhookEvent.For(payment, claim.Status, claim.FirstAttemptAt).ToUtf8Json();
                await webhook.PostAsync(webhookId, body, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"No sender for channel {claim.Channel}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt for '{Status}' e-mailed to {Recipient} (attempt {Attempt})")]
    private static partial void LogEmailed(ILogger logger, string status, string recipient, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} for '{Status}' delivered (attempt {Attempt})")]
    private static partial void LogWebhookSent(ILogger logger, string status, string webhookId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Channel} notification of '{Status}' failed (attempt {Attempt}): {Reason}; next attempt at {NextAttemptAt:O}")]
    private static partial void LogRetryScheduled(ILogger logger, string channel, string status, int attempt, string reason, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on the {Channel} notification of '{Status}' for payment {PaymentId} after {Attempts} attempts: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string channel, string status, string paymentId, int attempts, string reason);
}
