using System.Security.Cryptography;
using System.Text;
using JetPay.PaymentPage;

namespace JetPay.Payments.Payments;

/// <summary>A validated order for a QR payment: what the merchant asked JetPay to collect.</summary>
public sealed record QrPaymentOrder(
    PaymentId PaymentId,
    long Amount,
    string Currency,
    string CustomerId,
    string CustomerFirstName,
    string CustomerLastName,
    string CustomerEmail,
    string? Description,
    string? LanguageCode)
{
    /// <summary>
    /// A digest of everything but the id. Two requests for one payment id are the same order exactly when
    /// their fingerprints are equal; the customer's data is not stored twice for the comparison.
    /// </summary>
    public string Fingerprint()
    {
        var canonical = string.Join('\u001f', Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), Currency, CustomerId, CustomerFirstName, CustomerLastName, CustomerEmail, Description ?? "\u0000", LanguageCode ?? "\u0000");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public QrPurchaseRequest ToPurchaseRequest(long projectId) => new()
    {
        ProjectId = projectId,
        PaymentId = PaymentId.Value,
        Currency = Currency,
        Amount = Amount,
        CustomerId = CustomerId,
        CustomerFirstName = CustomerFirstName,
        CustomerLastName = CustomerLastName,
        CustomerEmail = CustomerEmail,
        PaymentDescription = Description,
        LanguageCode = LanguageCode,
    };
}
