using JetPay.PaymentPage;

namespace JetPay.Payments.Payments;

/// <summary>
/// The one place that knows a payment's status. The status is not stored: it follows from the order and the callbacks
/// stored for it, so callbacks can be stored in any order, concurrently, with no read before the write and no lock.
/// Statuses only move forward, by stage:
/// pending → in progress (processing, awaiting …) → failed (decline, error, canceled, expired) → paid (success or
/// <see cref="ReviewStatus"/>) → partially refunded or reversed → refunded or reversed.
/// </summary>
/// <remarks>
/// <para>The most advanced stage reported wins, so a late <c>processing</c> never overwrites <c>success</c> and redelivered
/// callbacks are harmless. Within the in-progress stage the latest report wins (the customer moves through the checkout);
/// within a final stage the first one stays (a second failure does not replace the first).</para>
/// <para><c>success</c> ranks above the failures on purpose: JetPay's checkout lets a customer try again after a decline,
/// and money that was taken must never be shown as not taken. A <c>success</c> for another amount or currency than the
/// order's is <see cref="ReviewStatus"/>, and one such report holds the payment for review even beside a matching one.</para>
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

    /// <summary>Where the order stands after the given callbacks, in whatever order they arrived.</summary>
    public static PaymentState Resolve(long orderAmount, string orderCurrency, IEnumerable<ReportedStatus> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        (string Status, Stage Stage, DateTimeOffset At, string? ReviewReason)? best = null;
        foreach (var report in reports)
        {
            if (string.IsNullOrWhiteSpace(report.Status))
            {
                continue;
            }

            var status = report.Status;
            string? reviewReason = null;
            if (PaymentStatus.Parse(status) == PaymentStatus.Success && AmountMismatch(orderAmount, orderCurrency, report) is { } mismatch)
            {
                status = ReviewStatus;
                reviewReason = mismatch;
            }

            var candidate = (status, StageOf(status), report.ReceivedAt, reviewReason);
            if (best is not { } current || Outranks(candidate, current))
            {
                best = candidate;
            }
        }

        return best is { } decided
            ? new PaymentState(decided.Status, decided.ReviewReason, decided.At)
            : new PaymentState(Payment.PendingStatus, null, null);
    }

    /// <summary>Whether the customer may still pay, so that the QR code is still worth showing.</summary>
    public static bool IsOpen(string status) => StageOf(status) <= Stage.InProgress;

    /// <summary>Whether reaching the status is worth telling somebody about (see <c>NotificationPlan</c>).</summary>
    public static bool IsNotifiable(string status) => StageOf(status) >= Stage.Failed;

    private static bool Outranks(
        (string Status, Stage Stage, DateTimeOffset At, string? ReviewReason) candidate,
        (string Status, Stage Stage, DateTimeOffset At, string? ReviewReason) current)
    {
        if (candidate.Stage != current.Stage)
        {
            return candidate.Stage > current.Stage;
        }

        if (candidate.Stage == Stage.Paid && (candidate.Status == ReviewStatus) != (current.Status == ReviewStatus))
        {
            return candidate.Status == ReviewStatus;
        }

        if (candidate.At != current.At)
        {
            return candidate.Stage == Stage.InProgress ? candidate.At > current.At : candidate.At < current.At;
        }

        // Same stage, same instant: any fixed rule keeps the answer independent of the order of the reports.
        return string.CompareOrdinal(candidate.Status, current.Status) < 0;
    }

    private static string? AmountMismatch(long orderAmount, string orderCurrency, ReportedStatus report) =>
        report.Amount is not { } amount || report.Currency is null
            ? "the success callback carries no payment.sum"
            : amount != orderAmount || !string.Equals(report.Currency, orderCurrency, StringComparison.Ordinal)
                ? $"the order is {orderAmount} {orderCurrency} (minor units) but JetPay reported {amount} {report.Currency}"
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

/// <summary>What one stored callback reported: <c>payment.status</c> and <c>payment.sum</c>, and when it arrived.</summary>
public sealed record ReportedStatus(string Status, long? Amount, string? Currency, DateTimeOffset ReceivedAt);

/// <summary>A payment's status, why it is held for review if it is, and when the callback that decided it arrived.</summary>
public sealed record PaymentState(string Status, string? ReviewReason, DateTimeOffset? DecidedAt);
