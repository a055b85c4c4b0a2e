namespace JetPay.PaymentPage;

/// <summary>The callback's <c>payment</c> object: the payment as a whole.</summary>
public sealed record CallbackPayment
{
    /// <summary><c>payment.id</c>: the project's payment id, as sent in the request; never empty.</summary>
    public required string Id { get; init; }

    /// <summary><c>payment.type</c>, e.g. <c>purchase</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>payment.status</c>.</summary>
    public PaymentStatus Status { get; init; }

    /// <summary><c>payment.date</c> exactly as sent (signed as such).</summary>
    public string? Date { get; init; }

    /// <summary><see cref="Date"/> read as a date-time with offset (<c>2022-03-25T11:08:45+0000</c>); null when absent or unreadable.</summary>
    public DateTimeOffset? DateParsed { get; init; }

    /// <summary><c>payment.method</c>, e.g. <c>card</c>, <c>mobile</c>.</summary>
    public string? Method { get; init; }

    /// <summary><c>payment.sum</c>: the amount of the payment.</summary>
    public CallbackSum? Sum { get; init; }

    /// <summary><c>payment.description</c>.</summary>
    public string? Description { get; init; }
}
