namespace JetPay.Payments.Storage;

/// <summary>A short-lived, read-only URL of one QR code image.</summary>
public sealed record QrCodeUrl(Uri Url, DateTimeOffset ExpiresAt);
