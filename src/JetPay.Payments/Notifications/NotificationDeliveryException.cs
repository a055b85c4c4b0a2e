namespace JetPay.Payments.Notifications;

/// <summary>
/// A channel could not send a notification; the queue message should be retried. The message says which channel and
/// why, without the customer's address or any secret, so that it can be logged as it is.
/// </summary>
public sealed class NotificationDeliveryException : Exception
{
    public NotificationDeliveryException()
    {
    }

    public NotificationDeliveryException(string message)
        : base(message)
    {
    }

    public NotificationDeliveryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public NotificationChannel Channel { get; init; }
}
