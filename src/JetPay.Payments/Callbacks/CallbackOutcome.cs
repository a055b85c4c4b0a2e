namespace JetPay.Payments.Callbacks;

/// <summary>What the app did with a callback.</summary>
public enum CallbackOutcome
{
    /// <summary>Stored; the payment's status moved (and a notification was queued if the status deserves one).</summary>
    Applied,

    /// <summary>Stored; the payment was already at this stage or beyond, so nothing changed.</summary>
    Stale,

    /// <summary>A <c>success</c> for another amount or currency: stored, the payment held for review, nobody told it was paid.</summary>
    HeldForReview,

    /// <summary>The same callback was stored before (JetPay redelivers until it gets 200).</summary>
    Duplicate,

    /// <summary>Stored, but no payment of the app's has this id.</summary>
    Unmatched,
}
