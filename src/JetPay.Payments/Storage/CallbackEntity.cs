using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Storage;

/// <summary>
/// One callback as received: the raw body, verbatim, the signing string its signature was checked against, and the
/// fields the app read from that string. It shares the payment's
/// partition, so that one query reads the order and every callback that decides its status.
/// </summary>
internal sealed class CallbackEntity : ITableEntity
{
    public const string RowKeyPrefix = "callback-";

    /// <summary>The first row key after every callback row ('.' sorts right after '-').</summary>
    public const string RowKeyRangeEnd = "callback.";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The UTF-8 body exactly as JetPay sent it (binary: a string property holds only 32K characters).</summary>
    public byte[] RawBody { get; set; } = [];

    /// <summary>
    /// The signing string, UTF-8 (binary, as the body): what was signed and what every field below was read from. A JSON
    /// parser may read the raw body otherwise (free text, unknown fields); this is what the app acted on. Absent on rows
    /// stored before it was kept.
    /// </summary>
    public byte[]? SigningString { get; set; }

    public string PaymentId { get; set; } = "";

    public long? ProjectId { get; set; }

    public string PaymentStatus { get; set; } = "";

    public long? Amount { get; set; }

    public string? Currency { get; set; }

    public long? OperationId { get; set; }

    public string? OperationType { get; set; }

    public string? OperationStatus { get; set; }

    public string? OperationCode { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The columns <see cref="ReportOf"/> needs: everything but the raw body.</summary>
    public static readonly string[] ReportColumns = [nameof(PaymentStatus), nameof(Amount), nameof(Currency), nameof(ReceivedAt), nameof(Timestamp)];

    /// <summary>
    /// What a callback row (or the app's own cancellation row), read by a query over the payment's partition, reported,
    /// and when: the storage's own write time, so that of a cancellation and a success that race, the one the storage
    /// took first decides, and an answer read after a write has seen everything written before it. The app's clock
    /// (<see cref="ReceivedAt"/>) is set before the write and may order two writes otherwise; it stands in only where a
    /// row has no storage time.
    /// </summary>
    public static ReportedStatus ReportOf(TableEntity row) => new(
        row.GetString(nameof(PaymentStatus)) ?? "",
        row.GetInt64(nameof(Amount)),
        row.GetString(nameof(Currency)),
        row.Timestamp ?? row.GetDateTimeOffset(nameof(ReceivedAt)) ?? default);
}
