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
/// <para>Expiry and cancellation close the payment. Expiry is not stored either: once the order's <c>expiresAt</c> has
/// passed it counts as an <c>expired</c> report made at that moment, and the app's own cancellation is stored as a
/// <c>canceled</c> report; both mean what JetPay's own <c>expired</c> and <c>canceled</c> callbacks mean. Money reported
/// at or after the moment the payment closed is not lost and not taken as paid: it is <see cref="ReviewStatus"/> with
/// <see cref="PaidAfterExpiry"/> or <see cref="PaidAfterCancel"/>.</para>
/// <para>A platform status spelled like one of the app's own words (<c>pending</c>, <c>review</c>) is kept apart from
/// them as <c>jetpay:{status}</c>, a status the app does not know, so in progress.</para>
/// </remarks>
public static class PaymentStatusTransitions
{
    /// <summary>The app's own status for a <c>success</c> whose amount or currency is not the order's: not treated as paid.</summary>
    public const string ReviewStatus = "review";

    /// <summary>Review reason: a success for another amount or currency than the order's, or without a sum.</summary>
    public const string AmountMismatch = "amount_mismatch";

    /// <summary>Review reason: money reported after the payment expired (the app's expiry or JetPay's <c>expired</c>).</summary>
    public const string PaidAfterExpiry = "paid_after_expiry";

    /// <summary>Review reason: money reported after the payment was canceled (by the app or JetPay's <c>canceled</c>).</summary>
    public const string PaidAfterCancel = "paid_after_cancel";

    /// <summary>What a platform status that collides with one of the app's own words is read as.</summary>
    public const string PlatformStatusPrefix = "jetpay:";

    private enum Stage
    {
        Pending = 0,
        InProgress = 1,
        Failed = 2,
        Paid = 3,
        PartiallyReturned = 4,
        Returned = 5,
    }

    /// <summary>
    /// Where the order stands at <paramref name="now"/> after the given reports (callbacks and the app's own
    /// cancellation), in whatever order they arrived; <paramref name="expiresAt"/> is when the order stops taking money
    /// (none for orders made before expiry existed).
    /// </summary>
    public static PaymentState Resolve(long orderAmount, string orderCurrency, DateTimeOffset? expiresAt, DateTimeOffset now, IEnumerable<ReportedStatus> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var all = reports.Where(r => !string.IsNullOrWhiteSpace(r.Status)).Select(KeptApartFromOwnWords).ToList();
        if (expiresAt is { } expiry && now >= expiry)
        {
            all.Add(new ReportedStatus(PaymentStatus.Expired.Value, null, null, expiry));
        }

        var closed = ClosedBy(all);
        (string Status, Stage Stage, DateTimeOffset At, string? ReviewReason)? best = null;
        foreach (var report in all)
        {
            var status = report.Status;
            string? reviewReason = null;
            if (PaymentStatus.Parse(status) == PaymentStatus.Success)
            {
                reviewReason = !MatchesOrder(orderAmount, orderCurrency, report) ? AmountMismatch
                    : closed is { } close && report.ReceivedAt >= close.At ? close.Reason
                    : null;
                status = reviewReason is null ? status : ReviewStatus;
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

    private static bool MatchesOrder(long orderAmount, string orderCurrency, ReportedStatus report) =>
        report.Amount == orderAmount && string.Equals(report.Currency, orderCurrency, StringComparison.Ordinal);

    /// <summary>The first moment the payment was closed (expired or canceled, by the app or JetPay) and the reason money after it is held.</summary>
    private static (DateTimeOffset At, string Reason)? ClosedBy(List<ReportedStatus> reports)
    {
        (DateTimeOffset At, string Reason)? first = null;
        foreach (var report in reports)
        {
            var parsed = PaymentStatus.Parse(report.Status);
            var reason = parsed == PaymentStatus.Canceled ? PaidAfterCancel : parsed == PaymentStatus.Expired ? PaidAfterExpiry : null;
            if (reason is not null && (first is not { } current || report.ReceivedAt < current.At
                || (report.ReceivedAt == current.At && string.CompareOrdinal(reason, current.Reason) < 0)))
            {
                first = (report.ReceivedAt, reason);
            }
        }

        return first;
    }

    private static ReportedStatus KeptApartFromOwnWords(ReportedStatus report)
    {
        var spelled = report.Status.Trim();
        return string.Equals(spelled, ReviewStatus, StringComparison.OrdinalIgnoreCase) || string.Equals(spelled, Payment.PendingStatus, StringComparison.OrdinalIgnoreCase)
            ? report with { Status = PlatformStatusPrefix + report.Status }
            : report;
    }

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

/// <summary>What one stored callback (or the app's own cancellation) reported: <c>payment.status</c> and <c>payment.sum</c>, and when it arrived.</summary>
public sealed record ReportedStatus(string Status, long? Amount, string? Currency, DateTimeOffset ReceivedAt);

/// <summary>A payment's status, why it is held for review if it is (<see cref="PaymentStatusTransitions.AmountMismatch"/>, …), and when the report that decided it arrived.</summary>
public sealed record PaymentState(string Status, string? ReviewReason, DateTimeOffset? DecidedAt);
