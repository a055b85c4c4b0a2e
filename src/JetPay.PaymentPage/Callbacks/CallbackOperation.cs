namespace JetPay.PaymentPage;

/// <summary>The callback's <c>operation</c> object: the last operation performed on the payment.</summary>
public sealed record CallbackOperation
{
    /// <summary><c>operation.id</c>, when it is an integer.</summary>
    public long? Id { get; init; }

    /// <summary><c>operation.type</c>, e.g. <c>sale</c>, <c>refund</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>operation.status</c>, e.g. <c>success</c>, <c>decline</c>: the operation's, not the payment's.</summary>
    public string? Status { get; init; }

    /// <summary><c>operation.code</c>: the platform's result code; <c>0</c> is success.</summary>
    public string? Code { get; init; }
}
