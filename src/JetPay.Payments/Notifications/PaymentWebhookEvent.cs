using System.Text.Json;
using System.Text.Json.Serialization;
using JetPay.PaymentPage;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Notifications;

/// <summary>
/// The body of the merchant's webhook, in the Standard Webhooks payload shape:
/// <c>{"type":"payment.succeeded","timestamp":"…","data":{"paymentId":"…","status":"success","amount":10000,"currency":"KZT"}}</c>.
/// </summary>
/// <remarks>
/// <c>type</c> is <c>payment.succeeded</c> for <c>success</c> and <c>payment.status_changed</c> for every other status
/// (<c>review</c>, <c>decline</c>, refunds …), whose <c>data.status</c> says which. <c>amount</c> is in minor units, as
/// everywhere in the API. <c>timestamp</c> is when the app first tried to send the notification, so every retry sends
/// the very same body.
/// </remarks>
public sealed record PaymentWebhookEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("data")] PaymentWebhookData Data)
{
    public const string SucceededType = "payment.succeeded";
    public const string StatusChangedType = "payment.status_changed";

    public static PaymentWebhookEvent For(Payment payment, string status, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return new PaymentWebhookEvent(
            status == PaymentStatus.Success.Value ? SucceededType : StatusChangedType,
            timestamp.ToUniversalTime(),
            new PaymentWebhookData(payment.PaymentId.Value, status, payment.Amount, payment.Currency));
    }

    /// <summary>The body as sent (and signed): compact UTF-8 JSON.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this);
}

/// <summary>The payment the event is about. <see cref="Status"/> is the status notified, even if the payment has moved on since.</summary>
public sealed record PaymentWebhookData(
    [property: JsonPropertyName("paymentId")] string PaymentId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("amount")] long Amount,
    [property: JsonPropertyName("currency")] string Currency);
