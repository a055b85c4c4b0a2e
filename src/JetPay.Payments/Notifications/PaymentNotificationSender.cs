using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Sends the notifications of a payment's status as stored when the message is handled (not the status the callback
/// reported: a later callback may have moved the payment on, and a mismatched <c>success</c> is held for review), each
/// planned channel (<see cref="NotificationPlan"/>) exactly once per status, however often a message for it arrives.
/// </summary>
/// <remarks>
/// <para>Per channel: skip it if its delivery record says sent; else claim the record (<see cref="NotificationDeliveryLedger"/>),
/// send, and mark it sent right after. A failed send gives the claim back and throws
/// <see cref="NotificationDeliveryException"/>, so that the queue delivers the message again; a channel that was sent
/// stays sent, so the retry sends only what is missing.</para>
/// <para>The one window for a duplicate: the SMTP server or the webhook endpoint accepted the notification, but the
/// record was not marked sent (the process died in between, or storage failed just then). Once the claim runs out, a
/// later attempt sends it again: at most one duplicate per such failure. The receipt keeps its <c>Message-ID</c> and the
/// webhook its <c>webhook-id</c> and body, so the receiver can tell.</para>
/// </remarks>
public sealed partial class PaymentNotificationSender(
    PaymentStore payments,
    NotificationDeliveryLedger deliveries,
    ReceiptMailer mailer,
    MerchantWebhookClient webhook,
    IOptions<NotificationsOptions> options,
    TimeProvider timeProvider,
    PaymentMetrics metrics,
    ILogger<PaymentNotificationSender> logger)
{
    /// <exception cref="NotificationDeliveryException">A channel failed; the others were sent or are still to send.</exception>
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
            return;
        }

        var status = payment.Status;
        if (payment.ReviewReason is { } reviewReason)
        {
            LogHeldForReview(logger, reviewReason);
            metrics.StatusChanged(PaymentStatusTransitions.ReviewStatus);
        }

        var channels = NotificationPlan.ChannelsFor(status);
        if (channels.Count == 0)
        {
            LogNothingPlanned(logger, status);
            return;
        }

        var failures = new List<NotificationDeliveryException>();
        foreach (var channel in channels)
        {
            if (!IsConfigured(channel))
            {
                LogChannelOff(logger, channel.Describe(), status);
                continue;
            }

            try
            {
                await DeliverOnceAsync(payment, status, channel, notification.CallbackAcceptedAt, cancellationToken).ConfigureAwait(false);
            }
            catch (NotificationDeliveryException ex)
            {
                failures.Add(ex); // the other channels still get their turn
            }
        }

        if (failures.Count == 1)
        {
            throw failures[0];
        }

        if (failures.Count > 1)
        {
            throw new NotificationDeliveryException(string.Join(" ", failures.Select(f => f.Message)), new AggregateException(failures));
        }
    }

    private bool IsConfigured(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => options.Value.Smtp.IsEnabled,
        NotificationChannel.Webhook => options.Value.Webhook.IsEnabled,
        _ => false,
    };

    private async Task DeliverOnceAsync(Payment payment, string status, NotificationChannel channel, DateTimeOffset? callbackAcceptedAt, CancellationToken cancellationToken)
    {
        var claim = await deliveries.ClaimAsync(payment.PaymentId, status, channel, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            LogAlreadySent(logger, channel.Describe(), status);
            return;
        }

        try
        {
            await SendAsync(payment, claim, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = Describe(ex);
            LogSendFailed(logger, channel.Describe(), status, claim.Attempt, reason);
            await deliveries.ReleaseAsync(claim, ex.GetType().Name, CancellationToken.None).ConfigureAwait(false);
            throw new NotificationDeliveryException(
                $"The {channel.Describe()} notification of '{status}' was not sent: {reason}",
                ex is MailKit.CommandException ? null : ex) // an SMTP reply may quote the customer's address
            {
                Channel = channel,
            };
        }
        catch (OperationCanceledException)
        {
            await deliveries.ReleaseAsync(claim, "canceled", CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await deliveries.MarkSentAsync(claim, CancellationToken.None).ConfigureAwait(false);
        metrics.NotificationSent(channel, timeProvider.GetUtcNow() - callbackAcceptedAt);
    }

    private async Task SendAsync(Payment payment, DeliveryClaim claim, CancellationToken cancellationToken)
    {
        switch (claim.Channel)
        {
            case NotificationChannel.Email:
                var receipt = PaymentReceipt.Compose(payment, mailer.From, timeProvider.GetUtcNow());
                await mailer.SendAsync(receipt, cancellationToken).ConfigureAwait(false);
                LogEmailed(logger, claim.Status, EmailMasking.Mask(payment.CustomerEmail), claim.Attempt);
                break;
            case NotificationChannel.Webhook:
                var webhookId = NotificationIds.WebhookId(payment.PaymentId.Value, claim.Status);
                var body = PaymentWebhookEvent.For(payment, claim.Status, claim.FirstAttemptAt).ToUtf8Json();
                await webhook.PostAsync(webhookId, body, cancellationToken).ConfigureAwait(false);
                LogWebhookSent(logger, claim.Status, webhookId, claim.Attempt);
                break;
            default:
                throw new InvalidOperationException($"No sender for channel {claim.Channel}.");
        }
    }

    // What went wrong, in words that may be logged: no address (masked if a server quotes one), no secret.
    private static string Describe(Exception exception) => exception switch
    {
        SmtpCommandException command => $"the SMTP server answered {(int)command.StatusCode}: {EmailMasking.MaskAll(command.Message)}",
        WebhookRejectedException rejected => rejected.Message,
        HttpRequestException http => $"the webhook endpoint could not be reached ({http.HttpRequestError}): {http.Message}",
        Polly.Timeout.TimeoutRejectedException => "the webhook endpoint did not answer in time",
        _ => $"{exception.GetType().Name}: {EmailMasking.MaskAll(exception.Message)}",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A callback reported '{ReportedStatus}' for a payment the app does not know; nothing to send")]
    private static partial void LogUnknownPayment(ILogger logger, string reportedStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Payment held for review, not treated as paid: {Reason}")]
    private static partial void LogHeldForReview(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status '{Status}' is told to nobody; nothing to send")]
    private static partial void LogNothingPlanned(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Channel} notification of '{Status}' is skipped: the channel is not configured")]
    private static partial void LogChannelOff(ILogger logger, string channel, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Channel} notification of '{Status}' was sent before; not sent again")]
    private static partial void LogAlreadySent(ILogger logger, string channel, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt for '{Status}' e-mailed to {Recipient} (attempt {Attempt})")]
    private static partial void LogEmailed(ILogger logger, string status, string recipient, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} for '{Status}' delivered (attempt {Attempt})")]
    private static partial void LogWebhookSent(ILogger logger, string status, string webhookId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Channel} notification of '{Status}' failed (attempt {Attempt}): {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string channel, string status, int attempt, string reason);
}
