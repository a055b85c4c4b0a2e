namespace JetPay.Payments.Payments;

/// <summary>The body of <c>POST /api/payments/qr</c>.</summary>
public sealed record CreateQrPaymentRequest
{
    public string? PaymentId { get; init; }

    /// <summary>In minor units of <see cref="Currency"/> (10000 KZT is 100.00 KZT).</summary>
    public long? Amount { get; init; }

    public string? Currency { get; init; }

    public CustomerDetails? Customer { get; init; }

    public string? Description { get; init; }

    public string? LanguageCode { get; init; }
}

public sealed record CustomerDetails
{
    public string? Id { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Email { get; init; }
}
