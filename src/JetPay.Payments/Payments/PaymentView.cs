namespace JetPay.Payments.Payments;

/// <summary>A payment as API clients see it. The QR code URL is present while the payment can still be paid.</summary>
/// <remarks><list type="bullet">
/// <item><c>ReviewReason</c>: Why a <c>review</c> payment is held: <c>amount_mismatch</c>, <c>paid_after_expiry</c> or <c>paid_after_cancel</c>.</item>
/// <item><c>ExpiresAt</c>: When the payment stops taking money; absent on payments made before expiry existed.</item>
/// </list></remarks>
public sealed record PaymentView(
    string PaymentId,
    string Status,
    string? ReviewReason,
    long Amount,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyDictionary<string, string> Metadata,
    Uri? QrCodeUrl,
    DateTimeOffset? QrCodeExpiresAt);
