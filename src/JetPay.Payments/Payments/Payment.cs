using Azure;

namespace JetPay.Payments.Payments;

/// <summary>
/// A payment as the app knows it: the order, as stored when its QR code was asked for, and its status, which
/// <see cref="PaymentStatusTransitions.Resolve"/> derives from the callbacks stored for it (never stored itself).
/// </summary>
public sealed record Payment
{
    /// <summary>The status of a payment whose QR code was issued and for which no callback arrived yet.</summary>
    public const string PendingStatus = "pending";

    public required PaymentId PaymentId { get; init; }

    public required long Amount { get; init; }

    public required string Currency { get; init; }

    public required string CustomerId { get; init; }

    public required string CustomerFirstName { get; init; }

    public required string CustomerLastName { get; init; }

    public required string CustomerEmail { get; init; }

    public string? Description { get; init; }

    public string? LanguageCode { get; init; }

    /// <summary><see cref="PendingStatus"/>, then JetPay's own <c>payment.status</c> (or <see cref="PaymentStatusTransitions.ReviewStatus"/>).</summary>
    public required string Status { get; init; }

    public required string OrderFingerprint { get; init; }

    /// <summary>Why the payment is held for review (<see cref="PaymentStatusTransitions.ReviewStatus"/>), if it is.</summary>
    public string? ReviewReason { get; init; }

    public required PaymentCreation Creation { get; init; }

    /// <summary>Until when the request that reserved the id may finish creating it.</summary>
    public DateTimeOffset? CreationLeaseExpiresAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the order row last changed or, if later, when the callback that decided the status arrived.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    public ETag ETag { get; init; }

    public string QrCodeBlobName => $"{PaymentId.Value}.png";

    public static Payment Reserve(QrPaymentOrder order, DateTimeOffset now, TimeSpan lease) => new()
    {
        PaymentId = order.PaymentId,
        Amount = order.Amount,
        Currency = order.Currency,
        CustomerId = order.CustomerId,
        CustomerFirstName = order.CustomerFirstName,
        CustomerLastName = order.CustomerLastName,
        CustomerEmail = order.CustomerEmail,
        Description = order.Description,
        LanguageCode = order.LanguageCode,
        Status = PendingStatus,
        OrderFingerprint = order.Fingerprint(),
        Creation = PaymentCreation.Reserved,
        CreationLeaseExpiresAt = now + lease,
        CreatedAt = now,
        UpdatedAt = now,
    };
}

/// <summary>Where the creation of a payment stands.</summary>
public enum PaymentCreation
{
    /// <summary>A request holds the id and is asking JetPay for the QR code.</summary>
    Reserved,

    /// <summary>The QR code is stored; the payment can be paid.</summary>
    Issued,
}
