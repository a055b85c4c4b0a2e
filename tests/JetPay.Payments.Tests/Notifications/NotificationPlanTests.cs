using JetPay.Payments.Notifications;

namespace JetPay.Payments.Tests.Notifications;

public class NotificationPlanTests
{
    [Fact]
    public void A_success_is_told_to_the_customer_by_a_receipt_and_to_the_merchant_by_webhook()
    {
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Webhook], NotificationPlan.ChannelsFor("success"));
    }

    [Theory]
    [InlineData("review")]
    [InlineData("decline")]
    [InlineData("error")]
    [InlineData("canceled")]
    [InlineData("expired")]
    [InlineData("refunded")]
    [InlineData("partially refunded")]
    [InlineData("reversed")]
    [InlineData("partially reversed")]
    public void Every_other_notifiable_status_goes_to_the_merchant_only(string status)
    {
        Assert.Equal([NotificationChannel.Webhook], NotificationPlan.ChannelsFor(status));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("processing")]
    [InlineData("awaiting customer")]
    [InlineData("awaiting 3ds result")]
    public void A_status_on_the_way_is_told_to_nobody(string status)
    {
        Assert.Empty(NotificationPlan.ChannelsFor(status));
    }
}
