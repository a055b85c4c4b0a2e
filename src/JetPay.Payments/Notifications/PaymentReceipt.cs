using System.Globalization;
using System.Text;
using JetPay.PaymentPage;
using JetPay.Payments.Payments;
using MimeKit;

namespace JetPay.Payments.Notifications;

/// <summary>
/// The customer's e-mail receipt for a successful payment: the payment id in the subject, the amount in major units
/// with its currency (<c>100.00 KZT</c>) in the body, nothing secret. Its <c>Message-ID</c> is the same for every
/// attempt, so a mail system that dedupes by it shows a repeated send once.
/// </summary>
public static class PaymentReceipt
{
    public static MimeMessage Compose(Payment payment, MailboxAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(from);
        var customerName = $"{payment.CustomerFirstName} {payment.CustomerLastName}".Trim();
        var amount = FormatAmount(payment.Amount, payment.Currency);
        var message = new MimeMessage
        {
            Subject = $"Receipt for payment {payment.PaymentId.Value}",
            Date = date,
            MessageId = NotificationIds.ReceiptMessageId(payment.PaymentId.Value, PaymentStatus.Success.Value, DomainOf(from)),
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(customerName, payment.CustomerEmail));
        message.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies to a receipt

        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Hello {(string.IsNullOrEmpty(payment.CustomerFirstName) ? customerName : payment.CustomerFirstName)},\n\n")
            .Append("thank you: your payment went through.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Payment:  {payment.PaymentId.Value}\n")
            .Append(CultureInfo.InvariantCulture, $"Amount:   {amount}\n");
        if (!string.IsNullOrWhiteSpace(payment.Description))
        {
            body.Append(CultureInfo.InvariantCulture, $"For:      {payment.Description}\n");
        }

        body.Append("\nPlease keep this e-mail as your receipt. It was sent automatically; replies are not read.\n");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    /// <summary><c>100.00 KZT</c>; an amount in a currency the table does not know stays in minor units, saying so.</summary>
    public static string FormatAmount(long minorUnits, string currencyCode) =>
        Currency.TryGet(currencyCode, out var currency)
            ? $"{currency.FormatMajorUnits(minorUnits)} {currency.Code}"
            : string.Create(CultureInfo.InvariantCulture, $"{minorUnits} {currencyCode} (minor units)");

    internal static string DomainOf(MailboxAddress from) =>
        from.Address.LastIndexOf('@') is var at and > 0 ? from.Address[(at + 1)..] : "localhost";
}
