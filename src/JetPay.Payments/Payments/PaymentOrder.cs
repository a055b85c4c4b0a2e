using JetPay.PaymentPage;

namespace JetPay.Payments.Payments;

/// <summary>
/// A valid order: what JetPay gets (<see cref="Purchase"/>, whose <c>best_before</c> is when the payment expires), the
/// merchant's own <see cref="Metadata"/> (kept by the app, never sent to JetPay), and the <see cref="Fingerprint"/> of
/// what the client asked for, which tells a retry of the same order from another order under the same id.
/// </summary>
public sealed record PaymentOrder(QrPurchaseRequest Purchase, IReadOnlyDictionary<string, string> Metadata, string Fingerprint)
{
    /// <summary>When the payment stops taking money: the client's <c>expiresAt</c>, or the default from when it was asked.</summary>
    public DateTimeOffset? ExpiresAt => Purchase.BestBefore;

    /// <summary>An order as it is without an expiry or metadata (orders stored before they existed read the same way).</summary>
    public static PaymentOrder Of(QrPurchaseRequest purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        return new(purchase, new Dictionary<string, string>(), Payment.FingerprintOf(purchase));
    }
}
