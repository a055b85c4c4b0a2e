using System.Text.Json;
using System.Text.Json.Serialization;
using JetPay.PaymentPage;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Notifications;

/// <summary>
/// The body of the merchant's webhook, in the Standard Webhooks payload shape:
/// <c>{"type":"payment.succeeded","timestamp":"…","data":{"paymentId":"…","status":"success","amount":10000,"currency":"KZT","metadata":{}}}</c>.
/// </summary>
/// <remarks>
/// <c>type</c> names the outcome (<see cref="TypeFor"/>), so that a merchant can subscribe to the ones it acts on;
/// <c>data.status</c> is the status notified, as the API spells it. <c>amount</c> is in minor units, as everywhere in
/// the API. <c>timestamp</c> is when the app first tried to send the notification, so every retry sends the very same body.
/// </remarks>
public sealed record PaymentWebhookEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("data")] PaymentWebhookData Data)
{
    public const string SucceededType = "payment.succeeded";
    public const string HeldForReviewType = "payment.held_for_review";
    public const string DeclinedType = "payment.declined";
    public const string FailedType = "payment.failed";
    public const string CanceledType = "payment.canceled";
    public const string ExpiredType = "payment.expired";
    public const string RefundedType = "payment.refunded";
    public const string PartiallyRefundedType = "payment.partially_refunded";
    public const string ReversedType = "payment.reversed";
    public const string PartiallyReversedType = "payment.partially_reversed";

    /// <summary>Every type the app sends.</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        SucceededType, HeldForReviewType, DeclinedType, FailedType, CanceledType, ExpiredType,
        RefundedType, PartiallyRefundedType, ReversedType, PartiallyReversedType,
    ];

    /// <summary>The event type of a notifiable status: one per outcome a merchant acts on.</summary>
    public static string TypeFor(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status == PaymentStatusTransitions.ReviewStatus)
        {
            return HeldForReviewType;
        }

        var parsed = PaymentStatus.Parse(status);
        if (parsed == PaymentStatus.Success)
        {
            return SucceededType;
        }

        if (parsed == PaymentStatus.Decline)
        {
            return DeclinedType;
        }

        if (parsed == PaymentStatus.Canceled || parsed == PaymentStatus.CancelledRecurringProcessing)
        {
            return CanceledType;
        }

        if (parsed == PaymentStatus.Expired)
        {
            return ExpiredType;
        }

        if (parsed == PaymentStatus.Refunded)
        {
            return RefundedType;
        }

        if (parsed == PaymentStatus.PartiallyRefunded)
        {
            return PartiallyRefundedType;
        }

        if (parsed == PaymentStatus.Reversed)
        {
            return ReversedType;
        }

        return parsed == PaymentStatus.PartiallyReversed ? PartiallyReversedType : FailedType; // error, internal error, external error
    }

    public static PaymentWebhookEvent For(Payment payment, string status, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return new PaymentWebhookEvent(
            TypeFor(status),
            timestamp.ToUniversalTime(),
            new PaymentWebhookData(
                payment.PaymentId.Value,
                status,
                payment.Amount,
                payment.Currency,
                status == PaymentStatusTransitions.ReviewStatus ? payment.ReviewReason : null,
                payment.Metadata));
    }

    /// <summary>The body as sent (and signed): compact UTF-8 JSON.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this);
}

/// <summary>The payment the event is about. <see cref="Status"/> is the status notified, even if the payment has moved on since.</summary>
/// <remarks><list type="bullet">
/// <item><c>ReviewReason</c>: For <c>review</c> only: <c>amount_mismatch</c>, <c>paid_after_expiry</c> or <c>paid_after_cancel</c>.</item>
/// <item><c>Metadata</c>: The merchant's own data given on creation; <c>{}</c> when none.</item>
/// </list></remarks>
public sealed record PaymentWebhookData(
    [property: JsonPropertyName("paymentId")] string PaymentId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("amount")] long Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("reviewReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReviewReason,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string> Metadata);
