namespace JetPay.Payments.Payments;

/// <summary>A payment as API clients see it. The QR code URL is present while the payment can still be paid.</summary>
public sealed record PaymentView(
    string PaymentId,
    string Status,
    long Amount,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Uri? QrCodeUrl,
    DateTimeOffset? QrCodeExpiresAt);
