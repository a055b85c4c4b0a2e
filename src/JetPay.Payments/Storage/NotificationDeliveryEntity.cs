using Azure;
using Azure.Data.Tables;

namespace JetPay.Payments.Storage;

/// <summary>
/// The record of one notification channel of one payment status, in the payment's partition:
/// row key <c>delivery-{status}-{channel}</c>. It is the truth about that delivery: where it stands, its attempts and
/// when the next one is due; and the lock that lets only one attempt send at a time.
/// </summary>
internal sealed class NotificationDeliveryEntity : ITableEntity
{
    public const string RowKeyPrefix = "delivery-";

    /// <summary>The first row key after every delivery row ('.' sorts right after '-').</summary>
    public const string RowKeyRangeEnd = "delivery.";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = "";

    public string Channel { get; set; } = "";

    /// <summary>A <see cref="Notifications.DeliveryState"/> name, in lower case (records of earlier versions: <c>Claimed</c>, <c>Sent</c>, <c>Failed</c>).</summary>
    public string State { get; set; } = "";

    /// <summary>The <c>webhook-id</c> or the receipt's <c>Message-ID</c>: the same on every attempt.</summary>
    public string? EventId { get; set; }

    /// <summary>When the delivery was first asked for; the webhook's event timestamp, so that every attempt sends the same body.</summary>
    public DateTimeOffset FirstAttemptAt { get; set; }

    /// <summary>When the callback that asked for the delivery was answered 200, if known: the start of the delay metric.</summary>
    public DateTimeOffset? CallbackAcceptedAt { get; set; }

    /// <summary>Every attempt so far, redeliveries included.</summary>
    public int Attempts { get; set; }

    /// <summary>Attempts since the retry schedule last started (at the first attempt, or at a redelivery).</summary>
    public int? RoundAttempts { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>While pending, when the next attempt is due; while sending, when the attempt's claim runs out.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The key of the <see cref="NotificationSchedule"/> entry at <see cref="NextAttemptAt"/>.</summary>
    public string? ScheduleKey { get; set; }

    /// <summary>Earlier versions' name for <see cref="NextAttemptAt"/> while sending.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Why the last attempt failed, in one line that may be shown (no secret, addresses masked).</summary>
    public string? LastFailure { get; set; }
}
