namespace JetPay.Payments.Callbacks;

/// <summary>What the app did with a callback.</summary>
public enum CallbackOutcome
{
    /// <summary>Stored now; the payment's status is derived from it with the others.</summary>
    Recorded,

    /// <summary>The same callback was stored before (JetPay redelivers until it gets 200).</summary>
    Duplicate,
}
