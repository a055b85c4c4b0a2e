using JetPay.PaymentPage;

namespace JetPay.Payments.Payments;

/// <summary>What became of a request to create a QR payment.</summary>
public abstract record CreateQrPaymentResult
{
    private CreateQrPaymentResult()
    {
    }

    /// <summary>A new payment with its QR code.</summary>
    public sealed record Created(PaymentView Payment) : CreateQrPaymentResult;

    /// <summary>The same order was created before; nothing was sent to JetPay again.</summary>
    public sealed record AlreadyCreated(PaymentView Payment) : CreateQrPaymentResult;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : CreateQrPaymentResult;

    /// <summary>The payment id belongs to a different order, or another request is still creating it.</summary>
    public sealed record Conflict(string Detail, bool RetryLater) : CreateQrPaymentResult;

    /// <summary>JetPay did not give a QR code; nothing was kept.</summary>
    public sealed record UpstreamFailed(PaymentPageException Error) : CreateQrPaymentResult;
}

/// <summary>What became of a request to cancel a payment.</summary>
public abstract record CancelPaymentResult
{
    private CancelPaymentResult()
    {
    }

    /// <summary>The payment is canceled (now, or it was before).</summary>
    public sealed record Canceled(PaymentView Payment) : CancelPaymentResult;

    /// <summary>The payment had already come to another end (paid, declined, expired, …), or money beat the cancellation.</summary>
    public sealed record AlreadyFinal(PaymentView Payment) : CancelPaymentResult;

    /// <summary>No such payment.</summary>
    public sealed record NotFound : CancelPaymentResult;
}
