using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using MimeKit;

namespace JetPay.Payments.Tests.Notifications;

public class PaymentReceiptTests
{
    private static readonly MailboxAddress From = MailboxAddress.Parse("Demo Shop <payments@shop.example>");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    internal static Payment Payment(long amount = 10000, string currency = "KZT", string? description = "Order 1001") => new()
    {
        PaymentId = PaymentId.TryParse("order-1001", out var id) ? id : default,
        Amount = amount,
        Currency = currency,
        CustomerId = "customer_123",
        CustomerFirstName = "John",
        CustomerLastName = "Doe",
        CustomerEmail = "johndoe@example.com",
        Description = description,
        Status = "success",
        OrderFingerprint = "fingerprint",
        Creation = PaymentCreation.Issued,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    [Fact]
    public void The_receipt_goes_to_the_customer_with_the_payment_id_in_the_subject_and_the_amount_in_major_units()
    {
        var receipt = PaymentReceipt.Compose(Payment(), From, Now);

        Assert.Equal("johndoe@example.com", Assert.Single(receipt.To.Mailboxes).Address);
        Assert.Equal("payments@shop.example", Assert.Single(receipt.From.Mailboxes).Address);
        Assert.Contains("order-1001", receipt.Subject, StringComparison.Ordinal);
        Assert.Contains("100.00 KZT", receipt.TextBody, StringComparison.Ordinal);
        Assert.Contains("Order 1001", receipt.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", receipt.Headers["Auto-Submitted"]);
    }

    [Theory]
    [InlineData(500, "JPY", "500 JPY")]
    [InlineData(1234, "KWD", "1.234 KWD")]
    [InlineData(5, "USD", "0.05 USD")]
    public void The_amount_is_written_with_the_currencys_own_decimals(long minorUnits, string currency, string written)
    {
        Assert.Contains(written, PaymentReceipt.Compose(Payment(minorUnits, currency), From, Now).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_attempt_gets_the_same_message_id_so_a_repeated_send_can_be_recognised()
    {
        var first = PaymentReceipt.Compose(Payment(), From, Now);
        var retry = PaymentReceipt.Compose(Payment(), From, Now.AddMinutes(5));

        Assert.Equal(first.MessageId, retry.MessageId);
        Assert.EndsWith("@shop.example", first.MessageId, StringComparison.Ordinal);
        Assert.NotEqual(first.MessageId, PaymentReceipt.Compose(Payment() with { PaymentId = PaymentId.TryParse("order-1002", out var other) ? other : default }, From, Now).MessageId);
    }

    [Fact]
    public void A_receipt_without_a_description_leaves_the_line_out()
    {
        Assert.DoesNotContain("For:", PaymentReceipt.Compose(Payment(description: null), From, Now).TextBody, StringComparison.Ordinal);
    }
}
