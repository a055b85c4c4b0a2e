using Azure;
using Azure.Data.Tables;

namespace JetPay.Payments.Storage;

/// <summary>
/// A notification that must be enqueued, written in the same transaction as the status change that caused it.
/// It is marked enqueued only after the queue accepted the message, so a crash in between is repaired
/// when JetPay delivers the callback again.
/// </summary>
internal sealed class OutboxEntity : ITableEntity
{
    public const string RowKeyPrefix = "outbox-";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EnqueuedAt { get; set; }
}
