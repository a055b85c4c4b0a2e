using JetPay.PaymentPage;

namespace JetPay.Sandbox.Payments;

/// <summary>A purchase the sandbox issued a QR code for: the order as the merchant signed it, and where it stands.</summary>
internal sealed class SandboxPayment
{
    private readonly Lock _gate = new();
    private string _status = CheckoutState.AwaitingCustomer;

    public required long ProjectId { get; init; }

    public required string PaymentId { get; init; }

    public required Currency Currency { get; init; }

    /// <summary>In minor units of <see cref="Currency"/>.</summary>
    public required long Amount { get; init; }

    public required string CustomerId { get; init; }

    public required string CustomerFirstName { get; init; }

    public required string CustomerLastName { get; init; }

    public required string CustomerEmail { get; init; }

    public string? Description { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>best_before</c>: after it the checkout page refuses to take the money (the control API still can).</summary>
    public DateTimeOffset? BestBefore { get; init; }

    /// <summary>Whether the customer came too late: the payment is open but its <c>best_before</c> has passed.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => IsOpen && BestBefore is { } bestBefore && now >= bestBefore;

    /// <summary>
    /// <c>awaiting customer</c> until the customer (or the control API) completes it, then the status of the last
    /// completion (<c>success</c>, <c>decline</c>, …).
    /// </summary>
    public string Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Whether the checkout page still offers Pay and Decline.</summary>
    public bool IsOpen => Status == CheckoutState.AwaitingCustomer;

    /// <summary>Whether another request for the same payment id carries the same order.</summary>
    public bool IsSameOrder(SandboxPayment other) =>
        other.Amount == Amount && other.Currency == Currency && other.CustomerId == CustomerId
        && other.CustomerEmail == CustomerEmail && other.CustomerFirstName == CustomerFirstName
        && other.CustomerLastName == CustomerLastName && other.Description == Description;

    /// <summary>Moves the payment to a status; returns false when the checkout page tried a payment that is no longer open.</summary>
    public bool TrySetStatus(string status, bool onlyIfOpen)
    {
        lock (_gate)
        {
            if (onlyIfOpen && _status != CheckoutState.AwaitingCustomer)
            {
                return false;
            }

            _status = status;
            return true;
        }
    }
}

/// <summary>The status of a payment nobody has completed yet.</summary>
internal static class CheckoutState
{
    public const string AwaitingCustomer = "awaiting customer";
}
