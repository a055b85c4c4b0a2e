namespace JetPay.PaymentPage;

/// <summary>The callback's <c>customer</c> object.</summary>
public sealed record CallbackCustomer
{
    /// <summary><c>customer.id</c>: the project's own customer id, as sent in the request.</summary>
    public string? Id { get; init; }
}
