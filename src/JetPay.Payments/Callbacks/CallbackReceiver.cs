using JetPay.PaymentPage;
using JetPay.Payments.Configuration;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Callbacks;

/// <summary>
/// The callback step: takes a body as JetPay posted it, verifies it (<see cref="CallbackSignature"/>: the signature over
/// every field, with the current secret or the previous one during a rotation, and what was signed bound one-to-one),
/// checks the project, records it exactly once and, if it reports a final status, asks for the payment's notifications.
/// </summary>
/// <remarks>
/// <para>Storing the callback is the whole status change: the payment's status is derived from its stored callbacks
/// (<see cref="PaymentStatusTransitions"/>), so one conditional insert (<see cref="CallbackLedger"/>) both de-duplicates the
/// delivery and moves the payment forward, with no read before it and nothing to retry when callbacks of one payment race.</para>
/// <para>A final status then puts a notification on the queue, on a redelivery too: if the process died between storing
/// and enqueueing, JetPay has not had its 200 and delivers again, and that delivery enqueues. A message enqueued twice is
/// harmless: the sender notifies the payment's status as stored, once per status and channel. Before the message, an
/// intake entry goes into the <see cref="NotificationSchedule"/>, due a lease time later (<see cref="NotificationIntake"/>):
/// if the message is lost, or the instance handling it dies before the deliveries are on record, the sweep handles it instead.</para>
/// <para>Storage failures propagate, so that the caller answers 5xx and JetPay delivers again.</para>
/// </remarks>
public sealed partial class CallbackReceiver(
    ISecretKeyProvider secretKeys,
    CallbackLedger ledger,
    PaymentIndex index,
    NotificationIntake notifications,
    IOptions<JetPayOptions> jetPay,
    PaymentMetrics metrics,
    ILogger<CallbackReceiver> logger)
{
    /// <summary>The largest callback body accepted (JetPay's are a few KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<CallbackOutcome> ReceiveAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var keys = await secretKeys.GetSecretKeysAsync(cancellationToken).ConfigureAwait(false);
        if (!CallbackSignature.TryVerifyAndParse(body.Span, keys, out var callback, out var rejection))
        {
            LogRejected(logger, rejection);
            metrics.CallbackRejected(rejection);
            return new CallbackOutcome.Rejected(rejection);
        }

        if (callback.ProjectId is { } projectId && projectId != jetPay.Value.ProjectId)
        {
            LogForeignProject(logger, projectId);
            metrics.CallbackFromForeignProject();
            return new CallbackOutcome.ForeignProject(projectId);
        }

        using var scope = PaymentLogScope.Begin(logger, callback.Payment.Id);
        var recording = await ledger.RecordAsync(callback, body, cancellationToken).ConfigureAwait(false);
        var status = callback.Payment.Status.Value;
        if (!PaymentId.TryParse(callback.Payment.Id, out var paymentId))
        {
            LogNotOurPaymentId(logger, status); // stored all the same: a signed callback is never thrown away
            LogRecorded(logger, status, recording);
            metrics.CallbackAccepted(recording, status);
            return new CallbackOutcome.Accepted(callback.Payment.Id, recording);
        }

        // On a redelivery too: if the process died before the list's row was refreshed, this delivery does it.
        await index.RefreshAsync(paymentId, cancellationToken).ConfigureAwait(false);
        if (PaymentStatusTransitions.IsNotifiable(status))
        {
            await notifications.RequestAsync(callback.Payment.Id, status, cancellationToken).ConfigureAwait(false);
        }

        LogRecorded(logger, status, recording);
        metrics.CallbackAccepted(recording, status);
        return new CallbackOutcome.Accepted(callback.Payment.Id, recording);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, CallbackRejection reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback for another JetPay project ({ProjectId}) rejected")]
    private static partial void LogForeignProject(ILogger logger, long projectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback with status '{Status}' for a payment id the app never issues; stored, nobody notified")]
    private static partial void LogNotOurPaymentId(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback with status '{Status}': {Recording}")]
    private static partial void LogRecorded(ILogger logger, string status, CallbackRecording recording);
}
