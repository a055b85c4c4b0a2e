namespace JetPay.Payments.Storage;

/// <summary>The storage resources the app uses; the Bicep templates create the same names.</summary>
public static class StorageNames
{
    public const string QrCodeContainer = "qr-codes";
    public const string PaymentsTable = "Payments";
    public const string NotificationScheduleTable = "NotificationSchedule";
    public const string PaymentIndexTable = "PaymentIndex";
    public const string NotificationQueue = "payment-notifications";
    public const string NotificationPoisonQueue = "payment-notifications-poison";
}
