namespace JetPay.PaymentPage;

/// <summary>The callback's <c>operation</c> object: the last operation performed on the payment.</summary>
public sealed record CallbackOperation
{
    /// <summary><c>operation.id</c>.</summary>
    public long? Id { get; init; }

    /// <summary><c>operation.type</c>, e.g. <c>sale</c>, <c>refund</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>operation.status</c>, e.g. <c>success</c>, <c>decline</c>; the operation's, not the payment's.</summary>
    public string? Status { get; init; }

    /// <summary><c>operation.date</c> as sent.</summary>
    public string? Date { get; init; }

    /// <summary><c>operation.created_date</c> as sent.</summary>
    public string? CreatedDate { get; init; }

    /// <summary><c>operation.request_id</c>.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>operation.sum_initial</c>: the amount requested.</summary>
    public CallbackSum? SumInitial { get; init; }

    /// <summary><c>operation.sum_converted</c>: the amount in the project's currency.</summary>
    public CallbackSum? SumConverted { get; init; }

    /// <summary><c>operation.code</c>: the platform's result code; <c>0</c> is success. Its text, <c>operation.message</c>, is not read: free text stays in the stored body.</summary>
    public string? Code { get; init; }

    /// <summary><c>operation.provider</c>.</summary>
    public CallbackProvider? Provider { get; init; }
}
