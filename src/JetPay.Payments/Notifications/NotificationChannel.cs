namespace JetPay.Payments.Notifications;

/// <summary>Whom a notification goes to, and how.</summary>
public enum NotificationChannel
{
    /// <summary>The customer's receipt, by e-mail.</summary>
    Email,

    /// <summary>The merchant's signed webhook.</summary>
    Webhook,
}
