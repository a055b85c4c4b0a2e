using System.Text.Json;
using System.Text.Json.Serialization;

namespace JetPay.Payments.Notifications;

/// <summary>
/// The queue message that asks for the notifications of one payment reaching one status. It carries ids only:
/// the sender reads the amount and the customer's address from the payment row, so no personal data sits in the queue.
/// </summary>
public sealed record PaymentNotification(
    [property: JsonPropertyName("paymentId")] string PaymentId,
    [property: JsonPropertyName("status")] string Status)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="JsonException">The message is not a payment notification.</exception>
    public static PaymentNotification FromJson(string json)
    {
        var notification = JsonSerializer.Deserialize<PaymentNotification>(json);
        if (notification is null || string.IsNullOrEmpty(notification.PaymentId) || string.IsNullOrEmpty(notification.Status))
        {
            throw new JsonException("A payment notification needs a paymentId and a status.");
        }

        return notification;
    }
}
