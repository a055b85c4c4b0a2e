using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using Microsoft.Extensions.Logging;

namespace JetPay.Payments.Notifications;

/// <summary>What the API and the operator's tools do with a payment's deliveries: list them, and send one again.</summary>
public sealed partial class NotificationDeliveries(
    PaymentStore payments,
    NotificationDeliveryLedger deliveries,
    NotificationDeliverer deliverer,
    ILogger<NotificationDeliveries> logger)
{
    /// <summary>The payment's deliveries, oldest first; <c>null</c> when there is no such payment.</summary>
    public async Task<IReadOnlyList<NotificationDeliveryView>?> ListAsync(string paymentId, CancellationToken cancellationToken)
    {
        if (!PaymentId.TryParse(paymentId, out var id) || await payments.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var records = await deliveries.ListAsync(id, cancellationToken).ConfigureAwait(false);
        return records.OrderBy(r => r.FirstAttemptAt).ThenBy(r => r.Id.ToString(), StringComparer.Ordinal).Select(View).ToList();
    }

    /// <summary>
    /// Schedules the delivery now, with the same event id, whether it failed or was sent; the schedule's sweep makes
    /// the attempt within seconds, and a failure starts the retry schedule again.
    /// </summary>
    public async Task<RedeliveryResult> RedeliverAsync(string paymentId, string notificationId, CancellationToken cancellationToken)
    {
        if (!PaymentId.TryParse(paymentId, out var id) || !NotificationId.TryParse(notificationId, out var which))
        {
            return new RedeliveryResult.NotFound();
        }

        using var scope = PaymentLogScope.Begin(logger, id);
        var record = await deliveries.FindAsync(id, which.Status, which.Channel, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new RedeliveryResult.NotFound();
        }

        var scheduled = await deliveries.TryRedeliverAsync(record, cancellationToken).ConfigureAwait(false);
        if (scheduled is null)
        {
            return new RedeliveryResult.InProgress(View(record));
        }

        LogRedeliveryScheduled(logger, which.Channel.Describe(), which.Status, record.State);
        return new RedeliveryResult.Scheduled(View(scheduled));
    }

    private NotificationDeliveryView View(DeliveryRecord record) => new(
        record.Id.ToString(),
        record.Channel.ToString().ToLowerInvariant(),
        record.Status,
        record.Channel == NotificationChannel.Webhook ? PaymentWebhookEvent.TypeFor(record.Status) : null,
        record.EventId ?? deliverer.EventIdFor(record.PaymentId, record.Status, record.Channel),
        record.State switch { DeliveryState.Sent => "sent", DeliveryState.Failed => "failed", _ => "pending" },
        record.Attempts,
        record.LastAttemptAt,
        record.NextAttemptAt,
        record.SentAt,
        record.LastFailure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redelivery of the {Channel} notification of '{Status}' scheduled now (it was {State})")]
    private static partial void LogRedeliveryScheduled(ILogger logger, string channel, string status, DeliveryState state);
}

/// <summary>One delivery as the API shows it.</summary>
/// <remarks><list type="bullet">
/// <item><c>NotificationId</c>: What the redeliver endpoint takes: <c>{status}-{channel}</c>.</item>
/// <item><c>EventType</c>: The webhook's <c>type</c>; <c>null</c> for an e-mail.</item>
/// <item><c>EventId</c>: The <c>webhook-id</c> or the receipt's <c>Message-ID</c>, the same on every attempt.</item>
/// <item><c>State</c>: <c>pending</c> (waiting for its next attempt, or being sent), <c>sent</c> or <c>failed</c> (gave up).</item>
/// </list></remarks>
public sealed record NotificationDeliveryView(
    string NotificationId,
    string Channel,
    string Status,
    string? EventType,
    string EventId,
    string State,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastFailure);

/// <summary>What became of a request to send a delivery again.</summary>
public abstract record RedeliveryResult
{
    private RedeliveryResult()
    {
    }

    /// <summary>No such payment, or no such delivery of it.</summary>
    public sealed record NotFound : RedeliveryResult;

    /// <summary>An attempt is sending it right now; ask again once it is done.</summary>
    public sealed record InProgress(NotificationDeliveryView Delivery) : RedeliveryResult;

    /// <summary>Due now.</summary>
    public sealed record Scheduled(NotificationDeliveryView Delivery) : RedeliveryResult;
}
