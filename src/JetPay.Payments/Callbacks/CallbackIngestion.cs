using JetPay.PaymentPage;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using Microsoft.Extensions.Logging;

namespace JetPay.Payments.Callbacks;

/// <summary>
/// Records a verified callback exactly once and, if it reports a final status, asks for the payment's notifications.
/// </summary>
/// <remarks>
/// <para>Storing the callback is the whole status change: the payment's status is derived from its stored callbacks
/// (<see cref="PaymentStatusTransitions"/>), so one conditional insert both de-duplicates the delivery and moves the
/// payment forward, with no read before it and nothing to retry when callbacks of one payment race.</para>
/// <para>A final status then puts a notification on the queue, on a redelivery too: if the process died between storing
/// and enqueueing, JetPay has not had its 200 and delivers again, and that delivery enqueues. A message enqueued twice is
/// harmless: the sender notifies the payment's status as stored, once per status and channel.</para>
/// </remarks>
public sealed partial class CallbackIngestion(
    CallbackLedger ledger,
    NotificationQueue notifications,
    ILogger<CallbackIngestion> logger)
{
    public async Task<CallbackOutcome> IngestAsync(PaymentCallback callback, ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        using var scope = PaymentLogScope.Begin(logger, callback.Payment.Id);
        var recording = await ledger.RecordAsync(callback, rawBody, cancellationToken).ConfigureAwait(false);
        var status = callback.Payment.Status.Value;
        if (!PaymentId.TryParse(callback.Payment.Id, out _))
        {
            LogNotOurPaymentId(logger, status); // stored all the same: a signed callback is never thrown away
        }
        else if (PaymentStatusTransitions.IsNotifiable(status))
        {
            await notifications.EnqueueAsync(new PaymentNotification(callback.Payment.Id, status), cancellationToken).ConfigureAwait(false);
        }

        var outcome = recording == CallbackRecording.Recorded ? CallbackOutcome.Recorded : CallbackOutcome.Duplicate;
        LogIngested(logger, status, outcome);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback with status '{Status}' for a payment id the app never issues; stored, nobody notified")]
    private static partial void LogNotOurPaymentId(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback with status '{Status}': {Outcome}")]
    private static partial void LogIngested(ILogger logger, string status, CallbackOutcome outcome);
}
