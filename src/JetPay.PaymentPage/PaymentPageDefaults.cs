namespace JetPay.PaymentPage;

/// <summary>Well-known addresses of JetPay's Payment Page.</summary>
public static class PaymentPageDefaults
{
    /// <summary>The production Payment Page host.</summary>
    public static Uri BaseUri { get; } = new("https://paymentpage.jetpay.kz");
}
