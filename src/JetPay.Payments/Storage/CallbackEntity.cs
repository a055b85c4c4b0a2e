using Azure;
using Azure.Data.Tables;

namespace JetPay.Payments.Storage;

/// <summary>
/// One callback as received: the raw body, verbatim, and the fields the app read from it. It shares the payment's
/// partition, so that storing it and moving the payment forward are one transaction.
/// </summary>
internal sealed class CallbackEntity : ITableEntity
{
    public const string RowKeyPrefix = "callback-";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The UTF-8 body exactly as JetPay sent it (binary: a string property holds only 32K characters).</summary>
    public byte[] RawBody { get; set; } = [];

    public string PaymentId { get; set; } = "";

    public long? ProjectId { get; set; }

    public string PaymentStatus { get; set; } = "";

    public long? Amount { get; set; }

    public string? Currency { get; set; }

    public long? OperationId { get; set; }

    public string? OperationType { get; set; }

    public string? OperationStatus { get; set; }

    public string? OperationCode { get; set; }

    /// <summary>Whether a payment of the app's matched the callback.</summary>
    public bool Matched { get; set; }

    /// <summary>The payment's status before and after this callback (equal when it changed nothing).</summary>
    public string? StatusBefore { get; set; }

    public string? StatusAfter { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
