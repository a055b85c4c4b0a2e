using System.Text.Json.Nodes;

namespace JetPay.Sandbox.Callbacks;

/// <summary>One callback body on its way to the callback URL, with every attempt and its answer.</summary>
internal sealed class CallbackDelivery
{
    private readonly Lock _gate = new();
    private readonly List<DeliveryAttempt> _attempts = [];

    public required long Id { get; init; }

    public required string PaymentId { get; init; }

    /// <summary>The <c>payment.status</c> the body reports.</summary>
    public required string Status { get; init; }

    /// <summary>The signed JSON, posted byte for byte the same on every attempt.</summary>
    public required string Body { get; init; }

    public required Uri Url { get; init; }

    /// <summary>Why this delivery exists beyond the plain one: <c>duplicate</c>, <c>out of order</c>, <c>resend</c>, ….</summary>
    public string? Note { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DeliveryState State { get; private set; } = DeliveryState.Pending;

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public void Record(DeliveryAttempt attempt, DeliveryState state, DateTimeOffset? nextAttemptAt)
    {
        lock (_gate)
        {
            _attempts.Add(attempt);
            State = state;
            NextAttemptAt = nextAttemptAt;
        }
    }

    public object ToView()
    {
        lock (_gate)
        {
            return new
            {
                id = Id,
                paymentId = PaymentId,
                status = Status,
                state = State switch { DeliveryState.Delivered => "delivered", DeliveryState.GaveUp => "gave up", _ => "pending" },
                note = Note,
                url = Url,
                createdAt = CreatedAt,
                nextAttemptAt = NextAttemptAt,
                attempts = _attempts.ToArray(),
                body = JsonNode.Parse(Body),
            };
        }
    }
}

internal enum DeliveryState
{
    Pending,
    Delivered,
    GaveUp,
}

/// <summary>One POST of a callback: the answer's status code and the start of its body, or why there was none.</summary>
internal sealed record DeliveryAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Response, string? Error, double DurationMs);
