namespace JetPay.PaymentPage;

/// <summary>The callback's <c>payment</c> object: the payment as a whole.</summary>
public sealed record CallbackPayment
{
    /// <summary><c>payment.id</c>: the project's payment id, as sent in the request; never empty.</summary>
    public required string Id { get; init; }

    /// <summary><c>payment.type</c>, e.g. <c>purchase</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>payment.status</c>: what the app acts on.</summary>
    public PaymentStatus Status { get; init; }

    /// <summary><c>payment.date</c> exactly as sent, e.g. <c>2022-03-25T11:08:45+0000</c>.</summary>
    public string? Date { get; init; }

    /// <summary><c>payment.sum</c>: the amount of the payment; always readable on a <c>success</c>.</summary>
    public CallbackSum? Sum { get; init; }
}
