namespace JetPay.Payments.Notifications;

/// <summary>Whom a notification goes to, and how.</summary>
public enum NotificationChannel
{
    /// <summary>The customer's receipt, by e-mail.</summary>
    Email,

    /// <summary>The merchant's signed webhook.</summary>
    Webhook,
}

/// <summary>Channel names for messages people read.</summary>
public static class NotificationChannelNames
{
    /// <summary><c>e-mail</c> or <c>webhook</c>.</summary>
    public static string Describe(this NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => "e-mail",
        NotificationChannel.Webhook => "webhook",
        _ => channel.ToString(),
    };
}
