namespace JetPay.PaymentPage;

/// <summary>A callback that must not be processed; for tests, which read a rejection best as an exception.</summary>
internal sealed class CallbackRejectedException(CallbackRejection reason)
    : Exception("The callback was rejected: " + CallbackRejections.Describe(reason))
{
    public CallbackRejection Reason { get; } = reason;
}
