namespace JetPay.PaymentPage;

/// <summary>The callback's <c>operation.provider</c> object: the provider that processed the operation.</summary>
public sealed record CallbackProvider
{
    /// <summary><c>provider.id</c>.</summary>
    public long? Id { get; init; }

    /// <summary><c>provider.payment_id</c>: the provider's own id of the payment.</summary>
    public string? PaymentId { get; init; }

    /// <summary><c>provider.auth_code</c>; often empty.</summary>
    public string? AuthCode { get; init; }
}
