namespace JetPay.Payments.Configuration;

/// <summary>Behaviour of the payment flow. Bound from the <c>Payments</c> section.</summary>
public sealed class PaymentsOptions
{
    public const string SectionName = "Payments";

    /// <summary><c>Payments__QrCodeUrlLifetime</c>: how long a QR code's read-only URL stays valid.</summary>
    public TimeSpan QrCodeUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// <c>Payments__CreationLeaseTime</c>: how long a request that reserved a payment id may take to finish it
    /// before another request for the same id may take over (covers a process that died mid-way).
    /// </summary>
    public TimeSpan CreationLeaseTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Payments__DefaultExpiry</c>: how long a payment created without <c>expiresAt</c> can be paid.</summary>
    public TimeSpan DefaultExpiry { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary><c>Payments__MaxExpiry</c>: the furthest from now a client may set <c>expiresAt</c>.</summary>
    public TimeSpan MaxExpiry { get; set; } = TimeSpan.FromDays(1);
}
