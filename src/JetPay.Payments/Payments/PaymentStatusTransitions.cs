using JetPay.PaymentPage;

namespace JetPay.Payments.Payments;

/// <summary>
/// The one place that knows how a payment's status may move. Statuses only move forward:
/// pending → in progress (processing, awaiting …) → failed (decline, error, canceled, expired) → paid (success or
/// <see cref="ReviewStatus"/>) → partially refunded or reversed → refunded or reversed.
/// A callback with a status of the same or an earlier stage than the payment's is stored but changes nothing,
/// so a late <c>processing</c> never overwrites <c>success</c>, and redelivered callbacks are harmless.
/// </summary>
/// <remarks>
/// <c>success</c> ranks above the failures on purpose: JetPay's checkout lets a customer try again after a decline,
/// and money that was taken must never be shown as not taken.
/// </remarks>
public static class PaymentStatusTransitions
{
    /// <summary>The app's own status for a <c>success</c> whose amount or currency is not the order's: not treated as paid.</summary>
    public const string ReviewStatus = "review";

    private enum Stage
    {
        Pending = 0,
        InProgress = 1,
        Failed = 2,
        Paid = 3,
        PartiallyReturned = 4,
        Returned = 5,
    }

    /// <summary>What a callback does to a payment.</summary>
    public static StatusChange Apply(Payment payment, PaymentCallback callback)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(callback);
        var reported = callback.Payment.Status;
        var next = reported.Value;
        string? reviewReason = null;
        if (reported == PaymentStatus.Success && AmountMismatch(payment, callback.Payment.Sum) is { } mismatch)
        {
            next = ReviewStatus;
            reviewReason = mismatch;
        }

        if (string.IsNullOrWhiteSpace(next))
        {
            return new StatusChange(payment.Status, payment.Status, false, null);
        }

        var current = StageOf(payment.Status);
        var proposed = StageOf(next);
        var moves = proposed > current || (proposed == current && proposed == Stage.InProgress && next != payment.Status);
        return new StatusChange(payment.Status, moves ? next : payment.Status, moves, moves ? reviewReason : null);
    }

    /// <summary>Whether the customer may still pay, so that the QR code is still worth showing.</summary>
    public static bool IsOpen(string status) => StageOf(status) <= Stage.InProgress;

    /// <summary>Whether reaching the status is worth telling somebody about (see <c>NotificationPlan</c>).</summary>
    public static bool IsNotifiable(string status) => StageOf(status) >= Stage.Failed;

    private static string? AmountMismatch(Payment payment, CallbackSum? sum) =>
        sum is null
            ? "the success callback carries no payment.sum"
            : sum.Amount != payment.Amount || !string.Equals(sum.Currency, payment.Currency, StringComparison.Ordinal)
                ? $"the order is {payment.Amount} {payment.Currency} (minor units) but JetPay reported {sum.Amount} {sum.Currency}"
                : null;

    private static Stage StageOf(string status)
    {
        if (status == Payment.PendingStatus)
        {
            return Stage.Pending;
        }

        if (status == ReviewStatus)
        {
            return Stage.Paid;
        }

        var parsed = PaymentStatus.Parse(status);
        if (parsed == PaymentStatus.Success)
        {
            return Stage.Paid;
        }

        if (parsed == PaymentStatus.PartiallyRefunded || parsed == PaymentStatus.PartiallyReversed)
        {
            return Stage.PartiallyReturned;
        }

        if (parsed == PaymentStatus.Refunded || parsed == PaymentStatus.Reversed)
        {
            return Stage.Returned;
        }

        return parsed.IsFinal ? Stage.Failed : Stage.InProgress;
    }
}

/// <summary>The status before and after a callback, and why a success is held for review.</summary>
public sealed record StatusChange(string From, string To, bool Changed, string? ReviewReason);
