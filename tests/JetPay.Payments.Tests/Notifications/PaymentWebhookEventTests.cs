using System.Text;
using System.Text.Json.Nodes;
using JetPay.Payments.Notifications;

namespace JetPay.Payments.Tests.Notifications;

public class PaymentWebhookEventTests
{
    private static readonly DateTimeOffset FirstAttempt = new(2026, 11, 28, 12, 0, 0, TimeSpan.FromHours(5));

    [Fact]
    public void A_success_is_a_payment_succeeded_event_with_the_amount_in_minor_units()
    {
        var body = PaymentWebhookEvent.For(PaymentReceiptTests.Payment(), "success", FirstAttempt).ToUtf8Json();

        Assert.Equal(
            """{"type":"payment.succeeded","timestamp":"2026-11-28T07:00:00+00:00","data":{"paymentId":"order-1001","status":"success","amount":10000,"currency":"KZT","metadata":{}}}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void The_merchants_metadata_and_a_review_reason_are_in_the_data()
    {
        var payment = PaymentReceiptTests.Payment() with
        {
            Metadata = new Dictionary<string, string> { ["orderRef"] = "A-17", ["cart"] = "c-9" },
            Status = "review",
            ReviewReason = "paid_after_expiry",
        };

        var review = JsonNode.Parse(PaymentWebhookEvent.For(payment, "review", FirstAttempt).ToUtf8Json())!;
        var expired = JsonNode.Parse(PaymentWebhookEvent.For(payment, "expired", FirstAttempt).ToUtf8Json())!;

        Assert.Equal(JsonNode.Parse("""{"orderRef":"A-17","cart":"c-9"}"""), review["data"]!["metadata"], JsonNode.DeepEquals);
        Assert.Equal("paid_after_expiry", (string?)review["data"]!["reviewReason"]);
        Assert.Equal(JsonNode.Parse("""{"orderRef":"A-17","cart":"c-9"}"""), expired["data"]!["metadata"], JsonNode.DeepEquals);
        Assert.Null(expired["data"]!["reviewReason"]);
    }

    [Theory]
    [InlineData("review", "payment.held_for_review")]
    [InlineData("decline", "payment.declined")]
    [InlineData("error", "payment.failed")]
    [InlineData("internal error", "payment.failed")]
    [InlineData("external error", "payment.failed")]
    [InlineData("canceled", "payment.canceled")]
    [InlineData("cancelled", "payment.canceled")]
    [InlineData("expired", "payment.expired")]
    [InlineData("refunded", "payment.refunded")]
    [InlineData("partially refunded", "payment.partially_refunded")]
    [InlineData("reversed", "payment.reversed")]
    [InlineData("partially reversed", "payment.partially_reversed")]
    public void Each_outcome_has_its_own_event_type_and_the_data_names_the_status_notified(string status, string type)
    {
        var json = JsonNode.Parse(PaymentWebhookEvent.For(PaymentReceiptTests.Payment(), status, FirstAttempt).ToUtf8Json())!;

        Assert.Equal(type, (string?)json["type"]);
        Assert.Equal(status, (string?)json["data"]!["status"]);
        Assert.Contains(type, PaymentWebhookEvent.Types);
    }

    [Fact]
    public void The_webhook_id_is_the_same_for_every_attempt_and_differs_by_payment_and_status()
    {
        var id = NotificationIds.WebhookId("order-1001", "success");

        Assert.Equal(id, NotificationIds.WebhookId("order-1001", "success"));
        Assert.Matches("^msg_[0-9a-f]{32}$", id);
        Assert.NotEqual(id, NotificationIds.WebhookId("order-1001", "refunded"));
        Assert.NotEqual(id, NotificationIds.WebhookId("order-1002", "success"));
        Assert.DoesNotContain('.', NotificationIds.WebhookId("order.with.dots", "success"));
    }
}
