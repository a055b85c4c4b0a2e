using System.Text.Json;
using System.Text.Json.Serialization;

namespace JetPay.Payments.Notifications;

/// <summary>
/// The queue message that asks for the notifications of one payment, sent when a callback reported a final status
/// (<see cref="ReportedStatus"/>, kept for the logs). The sender notifies the payment's status as stored when it runs,
/// which may be further on or held for review. The message carries no personal data: the sender reads the amount and
/// the customer's address from the payment row.
/// </summary>
/// <remarks><list type="bullet">
/// <item><c>IntakeKey</c>: The <see cref="Storage.NotificationSchedule"/> entry that stands in for this message should it not be handled in time; the sender removes it once the payment's deliveries are recorded. Absent from messages of earlier versions.</item>
/// </list></remarks>
public sealed record PaymentNotification(
    [property: JsonPropertyName("paymentId")] string PaymentId,
    [property: JsonPropertyName("reportedStatus")] string ReportedStatus,
    [property: JsonPropertyName("intakeKey"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IntakeKey = null)
{
    /// <summary>When the callback was stored, just before its 200: the start of the notification delay metric. Absent from messages queued before it was carried.</summary>
    [JsonPropertyName("callbackAcceptedAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CallbackAcceptedAt { get; init; }

    /// <summary>Two messages ask for the same thing when they name the same payment and status: the time is for the metric only.</summary>
    public bool Equals(PaymentNotification? other) =>
        other is not null && PaymentId == other.PaymentId && ReportedStatus == other.ReportedStatus;

    public override int GetHashCode() => HashCode.Combine(PaymentId, ReportedStatus);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="JsonException">The message is not a payment notification.</exception>
    public static PaymentNotification FromJson(string json)
    {
        var notification = JsonSerializer.Deserialize<PaymentNotification>(json);
        if (notification is null || string.IsNullOrEmpty(notification.PaymentId) || string.IsNullOrEmpty(notification.ReportedStatus))
        {
            throw new JsonException("A payment notification needs a paymentId and a reportedStatus.");
        }

        return notification;
    }
}
