namespace JetPay.PaymentPage;

/// <summary>The protocol names of the Payment Page request parameters this library sends.</summary>
public static class PaymentPageParameters
{
    /// <summary><c>project_id</c>.</summary>
    public const string ProjectId = "project_id";

    /// <summary><c>payment_id</c>.</summary>
    public const string PaymentId = "payment_id";

    /// <summary><c>payment_currency</c>.</summary>
    public const string PaymentCurrency = "payment_currency";

    /// <summary><c>payment_amount</c>.</summary>
    public const string PaymentAmount = "payment_amount";

    /// <summary><c>customer_id</c>.</summary>
    public const string CustomerId = "customer_id";

    /// <summary><c>customer_first_name</c>.</summary>
    public const string CustomerFirstName = "customer_first_name";

    /// <summary><c>customer_last_name</c>.</summary>
    public const string CustomerLastName = "customer_last_name";

    /// <summary><c>customer_email</c>.</summary>
    public const string CustomerEmail = "customer_email";

    /// <summary><c>payment_description</c>.</summary>
    public const string PaymentDescription = "payment_description";

    /// <summary><c>language_code</c>.</summary>
    public const string LanguageCode = "language_code";

    /// <summary><c>best_before</c>.</summary>
    public const string BestBefore = "best_before";

    /// <summary><c>signature</c>.</summary>
    public const string Signature = "signature";
}
