using Azure;
using Azure.Data.Tables;

namespace JetPay.Payments.Storage;

/// <summary>
/// The record of one notification channel of one payment status, in the payment's partition:
/// row key <c>delivery-{status}-{channel}</c>. It is the lock that makes the sending exactly-once.
/// </summary>
internal sealed class NotificationDeliveryEntity : ITableEntity
{
    public const string RowKeyPrefix = "delivery-";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = "";

    public string Channel { get; set; } = "";

    /// <summary>A <see cref="DeliveryState"/> name.</summary>
    public string State { get; set; } = "";

    /// <summary>Until when the attempt that claimed the delivery may finish it, while it is <see cref="DeliveryState.Claimed"/>.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>When the first attempt claimed the delivery; the webhook's event timestamp, so that a retry sends the same body.</summary>
    public DateTimeOffset FirstAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Why the last attempt failed, in a few words (the exception's type).</summary>
    public string? LastFailure { get; set; }
}

/// <summary>Where the delivery of one notification stands.</summary>
public enum DeliveryState
{
    /// <summary>An attempt is sending it now (or died doing so: the claim runs out).</summary>
    Claimed,

    /// <summary>Sent; never sent again.</summary>
    Sent,

    /// <summary>The last attempt failed and gave the claim back; the next attempt may send.</summary>
    Failed,
}
