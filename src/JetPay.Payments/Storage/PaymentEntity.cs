using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Storage;

/// <summary>The table row of a payment: partition = payment id, row key <see cref="RowKeyValue"/>.</summary>
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

    public string Status { get; set; } = "";

    public string OrderFingerprint { get; set; } = "";

    public string? ReviewReason { get; set; }

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
        Status = payment.Status,
        OrderFingerprint = payment.OrderFingerprint,
        ReviewReason = payment.ReviewReason,
        Creation = payment.Creation.ToString(),
        CreationLeaseExpiresAt = payment.CreationLeaseExpiresAt,
        CreatedAt = payment.CreatedAt,
        UpdatedAt = payment.UpdatedAt,
    };

    public Payment ToPayment()
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
            Status = Status,
            OrderFingerprint = OrderFingerprint,
            ReviewReason = ReviewReason,
            Creation = Enum.Parse<PaymentCreation>(Creation),
            CreationLeaseExpiresAt = CreationLeaseExpiresAt,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
            ETag = ETag,
        };
    }
}
