using JetPay.PaymentPage;
using JetPay.Sandbox.Callbacks;
using Microsoft.Extensions.Options;

namespace JetPay.Sandbox.Payments;

/// <summary>
/// Completes a payment with a status, as the platform does when the customer pays or is declined, and sends its
/// callbacks, bent by the switches: twice, followed by an older <c>processing</c>, late, badly signed, or with another amount.
/// </summary>
internal sealed class PaymentCompletion(
    CallbackFactory callbacks,
    CallbackDeliveries deliveries,
    CallbackDispatcher dispatcher,
    IOptions<SandboxOptions> options,
    TimeProvider clock,
    ILogger<PaymentCompletion> logger)
{
    /// <summary>The most a callback may be delayed, as JetPay's <c>callback.delay</c>.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(600);

    /// <summary>
    /// Moves the payment to the status and queues its callbacks, in the order they will be attempted. From the checkout
    /// page (the customer's click) only a payment still open can be completed; then nothing is queued otherwise.
    /// </summary>
    public IReadOnlyList<CallbackDelivery> Complete(SandboxPayment payment, PaymentStatus status, CallbackSwitches switches, bool fromCheckout)
    {
        if (!payment.TrySetStatus(status.Value, onlyIfOpen: fromCheckout))
        {
            return [];
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        var amount = switches.Amount ?? payment.Amount;
        var operationId = callbacks.NextOperationId();
        var requestId = CallbackFactory.NewRequestId();

        var final = CallbackFactory.Sign(CallbackFactory.Payload(payment, status.Value, amount, operationId, now, requestId), settings.SecretKey, switches.BadSignature);
        var queued = new List<CallbackDelivery> { NewDelivery(payment.PaymentId, status.Value, final, null) };
        if (switches.Duplicate)
        {
            queued.Add(NewDelivery(payment.PaymentId, status.Value, final, "duplicate"));
        }

        if (switches.OutOfOrder)
        {
            var earlier = CallbackFactory.Payload(payment, PaymentStatus.Processing.Value, amount, operationId, payment.CreatedAt, requestId);
            queued.Add(NewDelivery(payment.PaymentId, PaymentStatus.Processing.Value, CallbackFactory.Sign(earlier, settings.SecretKey, switches.BadSignature), "out of order"));
        }

        var delay = TimeSpan.FromSeconds(Math.Clamp(switches.DelaySeconds, 0, MaxDelay.TotalSeconds));
        foreach (var delivery in queued)
        {
            deliveries.Add(delivery);
            dispatcher.Enqueue(delivery, delay);
        }

        logger.LogInformation("Payment {PaymentId} completed as {Status}; {Count} callback(s) queued", payment.PaymentId, status.Value, queued.Count);
        return queued;
    }

    /// <summary>Sends the body of the payment's last callback again, unchanged; null when it had none.</summary>
    public CallbackDelivery? ResendLast(string paymentId)
    {
        if (deliveries.Last(paymentId) is not { } last)
        {
            return null;
        }

        var delivery = NewDelivery(last.PaymentId, last.Status, last.Body, "resend");
        deliveries.Add(delivery);
        dispatcher.Enqueue(delivery, TimeSpan.Zero);
        return delivery;
    }

    private CallbackDelivery NewDelivery(string paymentId, string status, string body, string? note) => new()
    {
        Id = deliveries.NextId(),
        PaymentId = paymentId,
        Status = status,
        Body = body,
        Url = options.Value.CallbackUrl,
        Note = note,
        CreatedAt = clock.GetUtcNow(),
    };
}
