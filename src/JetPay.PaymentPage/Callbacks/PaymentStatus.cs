using System.Collections.Frozen;

namespace JetPay.PaymentPage;

/// <summary>
/// The status of a payment (<c>payment.status</c> in callbacks). The platform's documented statuses are provided as
/// statics; any other value is kept as sent, so a status the platform adds later still arrives intact.
/// </summary>
/// <remarks>
/// <para>Matching a known status ignores case and surrounding white space (<see cref="Parse"/>); the signature, by
/// contrast, is always computed over the raw callback. <c>canceled</c> and the older spelling <c>cancelled</c> mean
/// the same and compare equal.</para>
/// <para><see cref="IsFinal"/> is true for the statuses after which the purchase will not complete or fail any more:
/// <c>success</c>, <c>decline</c>, <c>error</c>, <c>internal error</c>, <c>external error</c>, <c>canceled</c>/<c>cancelled</c>,
/// <c>expired</c>, <c>refunded</c>, <c>reversed</c> and <c>cancelled recurring processing</c>. A successful payment can
/// still be refunded or reversed later, which a new callback reports. Statuses that wait for someone
/// (<c>awaiting …</c>, <c>processing</c>, <c>external processing</c>, <c>invoice sent</c>, <c>scheduled recurring processing</c>)
/// and the partial ones (<c>partially refunded</c>, <c>partially reversed</c>, <c>partially paid</c>), which a further
/// operation can complete, are not final. An unknown status is not final.</para>
/// </remarks>
public readonly record struct PaymentStatus
{
    private readonly string? _value;

    /// <summary>A status with the given value, taken as is; prefer <see cref="Parse"/> for values from the platform.</summary>
    public PaymentStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>success</c>.</summary>
    public static PaymentStatus Success { get; } = new("success");
    /// <summary><c>decline</c>.</summary>
    public static PaymentStatus Decline { get; } = new("decline");
    /// <summary><c>processing</c>.</summary>
    public static PaymentStatus Processing { get; } = new("processing");
    /// <summary><c>error</c>.</summary>
    public static PaymentStatus Error { get; } = new("error");
    /// <summary><c>internal error</c>.</summary>
    public static PaymentStatus InternalError { get; } = new("internal error");
    /// <summary><c>external error</c>.</summary>
    public static PaymentStatus ExternalError { get; } = new("external error");
    /// <summary><c>external processing</c>.</summary>
    public static PaymentStatus ExternalProcessing { get; } = new("external processing");
    /// <summary><c>awaiting 3ds result</c>.</summary>
    public static PaymentStatus Awaiting3dsResult { get; } = new("awaiting 3ds result");
    /// <summary><c>awaiting redirect result</c>.</summary>
    public static PaymentStatus AwaitingRedirectResult { get; } = new("awaiting redirect result");
    /// <summary><c>awaiting customer</c>.</summary>
    public static PaymentStatus AwaitingCustomer { get; } = new("awaiting customer");
    /// <summary><c>awaiting clarification</c>.</summary>
    public static PaymentStatus AwaitingClarification { get; } = new("awaiting clarification");
    /// <summary><c>awaiting capture</c>.</summary>
    public static PaymentStatus AwaitingCapture { get; } = new("awaiting capture");
    /// <summary><c>awaiting cancellation</c>.</summary>
    public static PaymentStatus AwaitingCancellation { get; } = new("awaiting cancellation");

    /// <summary><c>canceled</c>; equal to <see cref="Cancelled"/>.</summary>
    public static PaymentStatus Canceled { get; } = new("canceled");

    /// <summary><c>cancelled</c>, the older spelling; equal to <see cref="Canceled"/>.</summary>
    public static PaymentStatus Cancelled { get; } = new("cancelled");

    /// <summary><c>refunded</c>.</summary>
    public static PaymentStatus Refunded { get; } = new("refunded");
    /// <summary><c>partially refunded</c>.</summary>
    public static PaymentStatus PartiallyRefunded { get; } = new("partially refunded");
    /// <summary><c>reversed</c>.</summary>
    public static PaymentStatus Reversed { get; } = new("reversed");
    /// <summary><c>partially reversed</c>.</summary>
    public static PaymentStatus PartiallyReversed { get; } = new("partially reversed");
    /// <summary><c>expired</c>.</summary>
    public static PaymentStatus Expired { get; } = new("expired");
    /// <summary><c>invoice sent</c>.</summary>
    public static PaymentStatus InvoiceSent { get; } = new("invoice sent");
    /// <summary><c>scheduled recurring processing</c>.</summary>
    public static PaymentStatus ScheduledRecurringProcessing { get; } = new("scheduled recurring processing");
    /// <summary><c>cancelled recurring processing</c>.</summary>
    public static PaymentStatus CancelledRecurringProcessing { get; } = new("cancelled recurring processing");
    /// <summary><c>partially paid</c>.</summary>
    public static PaymentStatus PartiallyPaid { get; } = new("partially paid");

    private static readonly FrozenDictionary<string, PaymentStatus> Known = new[]
    {
        Success, Decline, Processing, Error, InternalError, ExternalError, ExternalProcessing, Awaiting3dsResult,
        AwaitingRedirectResult, AwaitingCustomer, AwaitingClarification, AwaitingCapture, AwaitingCancellation,
        Canceled, Cancelled, Refunded, PartiallyRefunded, Reversed, PartiallyReversed, Expired, InvoiceSent,
        ScheduledRecurringProcessing, CancelledRecurringProcessing, PartiallyPaid,
    }.ToFrozenDictionary(status => status.Value, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Final = new[]
    {
        Success, Decline, Error, InternalError, ExternalError, Canceled, Cancelled, Expired, Refunded, Reversed, CancelledRecurringProcessing,
    }.Select(status => status.Value).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The status as the platform spells it (for a known status, in its canonical lower case).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of the platform's documented statuses.</summary>
    public bool IsKnown => Known.ContainsKey(Value);

    /// <summary>Whether the purchase has reached an end state; see the remarks on <see cref="PaymentStatus"/>.</summary>
    public bool IsFinal => Final.Contains(Value);

    /// <summary>Whether the status is <c>canceled</c> or <c>cancelled</c>.</summary>
    internal bool IsCanceled => Canonical(Value) == "canceled";

    /// <summary>
    /// The status for a value from the platform: a known status matched ignoring case and surrounding white space,
    /// otherwise the value exactly as given; <see langword="null"/> gives the empty status.
    /// </summary>
    public static PaymentStatus Parse(string? value)
    {
        if (value is null)
        {
            return new PaymentStatus(string.Empty);
        }

        return Known.TryGetValue(value.Trim(), out var known) ? known : new PaymentStatus(value);
    }

    /// <summary>Whether both are the same status; <c>canceled</c> and <c>cancelled</c> are one.</summary>
    /// <param name="other">The other status.</param>
    public bool Equals(PaymentStatus other) => string.Equals(Canonical(Value), Canonical(other.Value), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical(Value));

    /// <summary>The status as the platform spells it (<see cref="Value"/>).</summary>
    public override string ToString() => Value;

    private static string Canonical(string value) => value == "cancelled" ? "canceled" : value;
}
