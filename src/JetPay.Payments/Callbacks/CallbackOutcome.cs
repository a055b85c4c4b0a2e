using JetPay.PaymentPage;

namespace JetPay.Payments.Callbacks;

/// <summary>The outcome of one callback delivery (not to be confused with the receipt, the e-mail a customer gets).</summary>
public abstract record CallbackOutcome
{
    private CallbackOutcome()
    {
    }

    /// <summary>Verified and stored (or recognised as stored before): answer 200 so JetPay stops delivering it.</summary>
    public sealed record Accepted(string PaymentId, CallbackRecording Recording) : CallbackOutcome;

    /// <summary>Not JSON, not signed with the project's secret, not bound one-to-one, or unreadable; nothing was stored.</summary>
    public sealed record Rejected(CallbackRejection Reason) : CallbackOutcome;

    /// <summary>Signed, but for another JetPay project; nothing was stored.</summary>
    public sealed record ForeignProject(long ProjectId) : CallbackOutcome;
}

/// <summary>What became of a verified callback.</summary>
public enum CallbackRecording
{
    /// <summary>Stored now; the payment's status is derived from it with the others.</summary>
    Recorded,

    /// <summary>The same signed content was stored before (JetPay redelivers until it gets 200); nothing was written.</summary>
    Duplicate,
}
