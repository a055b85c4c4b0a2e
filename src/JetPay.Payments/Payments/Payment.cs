using System.Globalization;
using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using JetPay.PaymentPage;

namespace JetPay.Payments.Payments;

/// <summary>
/// A payment, as stored in table <c>Payments</c> (partition = payment id, row key <see cref="RowKeyValue"/>): the order as
/// it was sent to JetPay, and how far its creation got. Its status is never stored: <see cref="PaymentStatusTransitions.Resolve"/>
/// derives it from the callbacks stored in the same partition when the payment is read.
/// </summary>
public sealed record Payment : ITableEntity
{
    /// <summary>The status of a payment whose QR code was issued and for which no callback arrived yet.</summary>
    public const string PendingStatus = "pending";

    public const string RowKeyValue = "payment";

    private PaymentId _paymentId;

    [IgnoreDataMember]
    public required PaymentId PaymentId { get => _paymentId; init => _paymentId = value; }

    public string PartitionKey
    {
        get => _paymentId.Value;
        set => _paymentId = PaymentId.TryParse(value, out var id) ? id : throw new InvalidOperationException("A payment row has a partition key that is not a payment id.");
    }

    public string RowKey { get; set; } = RowKeyValue;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public required long Amount { get; init; }

    public required string Currency { get; init; }

    public required string CustomerId { get; init; }

    public required string CustomerFirstName { get; init; }

    public required string CustomerLastName { get; init; }

    public required string CustomerEmail { get; init; }

    public string? Description { get; init; }

    public string? LanguageCode { get; init; }

    /// <summary>
    /// A digest of the order but its id (<see cref="FingerprintOf"/>). Two requests for one payment id are the same order
    /// exactly when their fingerprints are equal; the customer's data is not stored twice for the comparison.
    /// </summary>
    public required string OrderFingerprint { get; init; }

    public required PaymentCreation Creation { get; init; }

    /// <summary>Until when the request that reserved the id may finish creating it.</summary>
    public DateTimeOffset? CreationLeaseExpiresAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the order row last changed or, once read, when the callback that decided the status arrived if that is later.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary><see cref="PendingStatus"/>, then JetPay's own <c>payment.status</c> (or <see cref="PaymentStatusTransitions.ReviewStatus"/>).</summary>
    [IgnoreDataMember]
    public string Status { get; init; } = PendingStatus;

    /// <summary>Why the payment is held for review (<see cref="PaymentStatusTransitions.ReviewStatus"/>), if it is.</summary>
    [IgnoreDataMember]
    public string? ReviewReason { get; init; }

    [IgnoreDataMember]
    public string QrCodeBlobName => $"{PaymentId.Value}.png";

    /// <summary>The row that holds <paramref name="order"/>'s payment id while its QR code is asked for.</summary>
    public static Payment Reserve(QrPurchaseRequest order, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new()
        {
            PaymentId = PaymentId.TryParse(order.PaymentId, out var id) ? id : throw new ArgumentException("The order's payment id is not valid.", nameof(order)),
            Amount = order.Amount,
            Currency = order.Currency,
            CustomerId = order.CustomerId,
            CustomerFirstName = order.CustomerFirstName,
            CustomerLastName = order.CustomerLastName,
            CustomerEmail = order.CustomerEmail,
            Description = order.PaymentDescription,
            LanguageCode = order.LanguageCode,
            OrderFingerprint = FingerprintOf(order),
            Creation = PaymentCreation.Reserved,
            CreationLeaseExpiresAt = now + lease,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A SHA-256 of everything in the order but its id.</summary>
    public static string FingerprintOf(QrPurchaseRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var canonical = string.Join(
            '\u001f',
            order.Amount.ToString(CultureInfo.InvariantCulture),
            order.Currency,
            order.CustomerId,
            order.CustomerFirstName,
            order.CustomerLastName,
            order.CustomerEmail,
            order.PaymentDescription ?? "\u0000",
            order.LanguageCode ?? "\u0000");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The row as read by a query over the whole partition (which returns every row as a <see cref="TableEntity"/>).</summary>
    internal static Payment FromRow(TableEntity row) => new()
    {
        PaymentId = PaymentId.TryParse(row.PartitionKey, out var id) ? id : throw new InvalidOperationException("A payment row has a partition key that is not a payment id."),
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
        Creation = Enum.Parse<PaymentCreation>(row.GetString(nameof(Creation)) ?? ""),
        CreationLeaseExpiresAt = row.GetDateTimeOffset(nameof(CreationLeaseExpiresAt)),
        CreatedAt = row.GetDateTimeOffset(nameof(CreatedAt)) ?? default,
        UpdatedAt = row.GetDateTimeOffset(nameof(UpdatedAt)) ?? default,
    };

    /// <summary>The payment with the status its callbacks decided.</summary>
    public Payment With(PaymentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return this with
        {
            Status = state.Status,
            ReviewReason = state.ReviewReason,
            UpdatedAt = state.DecidedAt > UpdatedAt ? state.DecidedAt.Value : UpdatedAt,
        };
    }
}

/// <summary>Where the creation of a payment stands.</summary>
public enum PaymentCreation
{
    /// <summary>A request holds the id and is asking JetPay for the QR code.</summary>
    Reserved,

    /// <summary>The QR code is stored; the payment can be paid.</summary>
    Issued,
}
