namespace JetPay.Payments.Notifications;

/// <summary>Where the delivery of one notification stands.</summary>
public enum DeliveryState
{
    /// <summary>Waiting for its next attempt (the first, or a retry).</summary>
    Pending,

    /// <summary>An attempt is sending it now, or died doing so: its claim runs out at the next attempt time.</summary>
    Sending,

    /// <summary>Sent; sent again only when somebody asks for a redelivery.</summary>
    Sent,

    /// <summary>Every attempt of the retry schedule failed; sent again only when somebody asks for a redelivery.</summary>
    Failed,
}
