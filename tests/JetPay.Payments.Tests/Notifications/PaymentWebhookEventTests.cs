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
            """{"type":"payment.succeeded","timestamp":"2026-11-28T07:00:00+00:00","data":{"paymentId":"order-1001","status":"success","amount":10000,"currency":"KZT"}}""",
            Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("review")]
    [InlineData("decline")]
    [InlineData("refunded")]
    public void Every_other_status_is_a_status_changed_event_naming_the_status_notified(string status)
    {
        var json = JsonNode.Parse(PaymentWebhookEvent.For(PaymentReceiptTests.Payment(), status, FirstAttempt).ToUtf8Json())!;

        Assert.Equal("payment.status_changed", (string?)json["type"]);
        Assert.Equal(status, (string?)json["data"]!["status"]);
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
