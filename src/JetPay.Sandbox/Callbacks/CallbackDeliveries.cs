using System.Collections.Concurrent;

namespace JetPay.Sandbox.Callbacks;

/// <summary>Every delivery since the sandbox started, in the order they were created.</summary>
internal sealed class CallbackDeliveries
{
    private readonly ConcurrentQueue<CallbackDelivery> _all = new();
    private long _lastId;

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(CallbackDelivery delivery) => _all.Enqueue(delivery);

    public IReadOnlyList<CallbackDelivery> List(string? paymentId = null) =>
        _all.Where(d => paymentId is null || d.PaymentId == paymentId).ToList();

    /// <summary>The last delivery of the payment's callbacks, to send its body again.</summary>
    public CallbackDelivery? Last(string paymentId) => _all.LastOrDefault(d => d.PaymentId == paymentId);
}
