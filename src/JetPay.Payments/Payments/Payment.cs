using System.Globalization;
using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();

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

    /// <summary>When the payment stops taking money (sent to JetPay as <c>best_before</c>); none on payments made before expiry existed.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The merchant's own keys and values, as given on creation; never sent to JetPay.</summary>
    [IgnoreDataMember]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>The column that stores <see cref="Metadata"/>: a JSON object, absent when there is none.</summary>
    public string? MetadataJson
    {
        get => Metadata.Count == 0 ? null : JsonSerializer.Serialize(Metadata);
        init => Metadata = MetadataFrom(value);
    }

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

    /// <summary>Metadata as stored (<see cref="MetadataJson"/>).</summary>
    internal static IReadOnlyDictionary<string, string> MetadataFrom(string? json) =>
        string.IsNullOrEmpty(json) ? EmptyMetadata : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? EmptyMetadata;

    /// <summary>The row that holds <paramref name="order"/>'s payment id while its QR code is asked for.</summary>
    public static Payment Reserve(PaymentOrder order, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(order);
        var purchase = order.Purchase;
        return new()
        {
            PaymentId = PaymentId.TryParse(purchase.PaymentId, out var id) ? id : throw new ArgumentException("The order's payment id is not valid.", nameof(order)),
            Amount = purchase.Amount,
            Currency = purchase.Currency,
            CustomerId = purchase.CustomerId,
            CustomerFirstName = purchase.CustomerFirstName,
            CustomerLastName = purchase.CustomerLastName,
            CustomerEmail = purchase.CustomerEmail,
            Description = purchase.PaymentDescription,
            LanguageCode = purchase.LanguageCode,
            OrderFingerprint = order.Fingerprint,
            Creation = PaymentCreation.Reserved,
            CreationLeaseExpiresAt = now + lease,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = order.ExpiresAt,
            Metadata = order.Metadata.Count == 0 ? EmptyMetadata : order.Metadata,
        };
    }

    /// <summary>
    /// A SHA-256 of everything the client asked for but the id: what JetPay gets, and its <c>expiresAt</c> and metadata when
    /// given (left out when not, so that orders stored before they existed keep their fingerprint). The defaulted expiry is
    /// not in it: two identical requests a second apart are the same order.
    /// </summary>
    public static string FingerprintOf(QrPurchaseRequest purchase, DateTimeOffset? requestedExpiry = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        var parts = new List<string>
        {
            purchase.Amount.ToString(CultureInfo.InvariantCulture),
            purchase.Currency,
            purchase.CustomerId,
            purchase.CustomerFirstName,
            purchase.CustomerLastName,
            purchase.CustomerEmail,
            purchase.PaymentDescription ?? "\u0000",
            purchase.LanguageCode ?? "\u0000",
        };
        if (requestedExpiry is { } expiry)
        {
            parts.Add("expiresAt=" + expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (metadata is { Count: > 0 })
        {
            // Keys in ordinal order, as JSON: the same metadata in any key order is the same order.
            parts.Add("metadata=" + JsonSerializer.Serialize(new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal)));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))));
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
        ExpiresAt = row.GetDateTimeOffset(nameof(ExpiresAt)),
        MetadataJson = row.GetString(nameof(MetadataJson)),
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
