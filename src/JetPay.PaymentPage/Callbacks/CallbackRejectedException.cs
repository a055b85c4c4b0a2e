namespace JetPay.PaymentPage;

/// <summary>A callback that must not be processed; <see cref="Reason"/> says why. The message never holds a key.</summary>
public sealed class CallbackRejectedException : Exception
{
    public CallbackRejectedException(CallbackRejection reason)
        : this(reason, innerException: null)
    {
    }

    public CallbackRejectedException(CallbackRejection reason, Exception? innerException)
        : base(Describe(reason), innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the callback was rejected.</summary>
    public CallbackRejection Reason { get; }

    private static string Describe(CallbackRejection reason) => reason switch
    {
        CallbackRejection.MalformedJson => "The callback was rejected: the body is not a JSON object in UTF-8.",
        CallbackRejection.MissingSignature => "The callback was rejected: it carries no signature.",
        CallbackRejection.InvalidSignature => "The callback was rejected: its signature does not match the body.",
        CallbackRejection.MissingPaymentId => "The callback was rejected: payment.id is absent or empty.",
        _ => $"The callback was rejected ({reason}).",
    };
}
