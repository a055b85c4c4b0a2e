using JetPay.PaymentPage;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Which channels a status is told on. The customer gets an e-mail only for <c>success</c>: a receipt for money that
/// was taken. The merchant's webhook hears of every notifiable status, <see cref="PaymentStatusTransitions.ReviewStatus"/>,
/// declines and refunds included, so that the shop's own records follow the payment.
/// </summary>
/// <remarks>
/// <c>review</c> (a success for another amount or currency) never e-mails the customer: nobody may be told a payment
/// went through before a person has looked at it.
/// </remarks>
public static class NotificationPlan
{
    private static readonly NotificationChannel[] ReceiptAndWebhook = [NotificationChannel.Email, NotificationChannel.Webhook];
    private static readonly NotificationChannel[] WebhookOnly = [NotificationChannel.Webhook];

    public static IReadOnlyList<NotificationChannel> ChannelsFor(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!PaymentStatusTransitions.IsNotifiable(status))
        {
            return [];
        }

        return status == PaymentStatus.Success.Value ? ReceiptAndWebhook : WebhookOnly;
    }
}
