using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Storage;

/// <summary>
/// The table row of a payment's order: partition = payment id, row key <see cref="RowKeyValue"/>. The status is not
/// here: it is derived from the callback rows of the same partition (<see cref="PaymentStore"/>).
/// </summary>
internal sealed class PaymentEntity : ITableEntity
{
    public const string RowKeyValue = "payment";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = RowKeyValue;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public long Amount { get; set; }

    public string Currency { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public string CustomerFirstName { get; set; } = "";

    public string CustomerLastName { get; set; } = "";

    public string CustomerEmail { get; set; } = "";

    public string? Description { get; set; }

    public string? LanguageCode { get; set; }

    public string OrderFingerprint { get; set; } = "";

    public string Creation { get; set; } = "";

    public DateTimeOffset? CreationLeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static PaymentEntity From(Payment payment) => new()
    {
        PartitionKey = payment.PaymentId.Value,
        ETag = payment.ETag,
        Amount = payment.Amount,
        Currency = payment.Currency,
        CustomerId = payment.CustomerId,
        CustomerFirstName = payment.CustomerFirstName,
        CustomerLastName = payment.CustomerLastName,
        CustomerEmail = payment.CustomerEmail,
        Description = payment.Description,
        LanguageCode = payment.LanguageCode,
        OrderFingerprint = payment.OrderFingerprint,
        Creation = payment.Creation.ToString(),
        CreationLeaseExpiresAt = payment.CreationLeaseExpiresAt,
        CreatedAt = payment.CreatedAt,
        UpdatedAt = payment.UpdatedAt,
    };

    /// <summary>The row as read by a query over the whole partition (which returns every row as a <see cref="TableEntity"/>).</summary>
    public static PaymentEntity FromRow(TableEntity row) => new()
    {
        PartitionKey = row.PartitionKey,
        RowKey = row.RowKey,
        ETag = row.ETag,
        Amount = row.GetInt64(nameof(Amount)) ?? 0,
        Currency = row.GetString(nameof(Currency)) ?? "",
        CustomerId = row.GetString(nameof(CustomerId)) ?? "",
        CustomerFirstName = row.GetString(nameof(CustomerFirstName)) ?? "",
        CustomerLastName = row.GetString(nameof(CustomerLastName)) ?? "",
        CustomerEmail = row.GetString(nameof(CustomerEmail)) ?? "",
        Description = row.GetString(nameof(Description)),
        LanguageCode = row.GetString(nameof(LanguageCode)),
        OrderFingerprint = row.GetString(nameof(OrderFingerprint)) ?? "",
        Creation = row.GetString(nameof(Creation)) ?? "",
        CreationLeaseExpiresAt = row.GetDateTimeOffset(nameof(CreationLeaseExpiresAt)),
        CreatedAt = row.GetDateTimeOffset(nameof(CreatedAt)) ?? default,
        UpdatedAt = row.GetDateTimeOffset(nameof(UpdatedAt)) ?? default,
    };

    public Payment ToPayment(PaymentState state)
    {
        if (!PaymentId.TryParse(PartitionKey, out var paymentId))
        {
            throw new InvalidOperationException("A payment row has a partition key that is not a payment id.");
        }

        return new Payment
        {
            PaymentId = paymentId,
            Amount = Amount,
            Currency = Currency,
            CustomerId = CustomerId,
            CustomerFirstName = CustomerFirstName,
            CustomerLastName = CustomerLastName,
            CustomerEmail = CustomerEmail,
            Description = Description,
            LanguageCode = LanguageCode,
            Status = state.Status,
            ReviewReason = state.ReviewReason,
            OrderFingerprint = OrderFingerprint,
            Creation = Enum.Parse<PaymentCreation>(Creation),
            CreationLeaseExpiresAt = CreationLeaseExpiresAt,
            CreatedAt = CreatedAt,
            UpdatedAt = state.DecidedAt > UpdatedAt ? state.DecidedAt.Value : UpdatedAt,
            ETag = ETag,
        };
    }
}
