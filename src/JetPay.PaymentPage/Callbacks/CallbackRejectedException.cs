namespace JetPay.PaymentPage;

/// <summary>A callback that must not be processed; <see cref="Reason"/> says why. The message never holds a key.</summary>
public sealed class CallbackRejectedException : Exception
{
    public CallbackRejectedException(CallbackRejection reason)
        : this(reason, innerException: null)
    {
    }

    public CallbackRejectedException(CallbackRejection reason, Exception? innerException)
        : base("The callback was rejected: " + CallbackRejections.Describe(reason), innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the callback was rejected.</summary>
    public CallbackRejection Reason { get; }
}
