namespace JetPay.PaymentPage;

/// <summary>The protocol names of the Payment Page request parameters this library sends.</summary>
public static class PaymentPageParameters
{
    public const string ProjectId = "project_id";
    public const string PaymentId = "payment_id";
    public const string PaymentCurrency = "payment_currency";
    public const string PaymentAmount = "payment_amount";
    public const string CustomerId = "customer_id";
    public const string CustomerFirstName = "customer_first_name";
    public const string CustomerLastName = "customer_last_name";
    public const string CustomerEmail = "customer_email";
    public const string PaymentDescription = "payment_description";
    public const string LanguageCode = "language_code";
    public const string BestBefore = "best_before";
    public const string Signature = "signature";
}
