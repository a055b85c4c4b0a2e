using JetPay.PaymentPage;
using JetPay.Payments.Configuration;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Payments;

/// <summary>
/// Creates QR payments exactly once per payment id, reads them back and cancels them.
/// A request first reserves the id with a conditional insert, so that of two concurrent identical requests
/// only one calls JetPay; the other waits for it and answers with the same payment. If JetPay fails,
/// the reservation is removed, so the client's retry starts afresh.
/// </summary>
/// <remarks>
/// Before JetPay is asked, the payment's expiry goes into the notification schedule, so that its <c>payment.expired</c>
/// webhook cannot be lost to a crash after the QR code was issued.
/// </remarks>
public sealed partial class QrPaymentService(
    PaymentStore payments,
    PaymentIndex index,
    QrCodeImageStore qrCodes,
    PaymentPageClient paymentPage,
    NotificationIntake notifications,
    IOptions<JetPayOptions> jetPayOptions,
    IOptions<PaymentsOptions> paymentsOptions,
    TimeProvider timeProvider,
    PaymentMetrics metrics,
    ILogger<QrPaymentService> logger)
{
    private static readonly TimeSpan ReservationPollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<CreateQrPaymentResult> CreateAsync(CreateQrPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.TryCreateOrder(jetPayOptions.Value.ProjectId, timeProvider.GetUtcNow(), paymentsOptions.Value, out var order, out var errors))
        {
            return new CreateQrPaymentResult.Invalid(errors);
        }

        var purchase = order.Purchase;
        using var scope = PaymentLogScope.Begin(logger, purchase.PaymentId);
        var fingerprint = order.Fingerprint;
        var waitUntil = timeProvider.GetUtcNow() + paymentsOptions.Value.CreationLeaseTime;
        while (true)
        {
            // Most ids are new: try to reserve first and read only when the id is taken.
            var reservation = Payment.Reserve(order, timeProvider.GetUtcNow(), paymentsOptions.Value.CreationLeaseTime);
            var reserved = await payments.TryInsertAsync(reservation, cancellationToken).ConfigureAwait(false);
            if (reserved is not null)
            {
                return await IssueQrCodeAsync(reserved, purchase, cancellationToken).ConfigureAwait(false);
            }

            var existing = await payments.FindAsync(reservation.PaymentId, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue; // deleted in between (a failed creation released it): try again
            }

            if (existing.OrderFingerprint != fingerprint)
            {
                LogConflictingOrder(logger);
                return new CreateQrPaymentResult.Conflict($"Payment '{purchase.PaymentId}' already exists with different order data.", RetryLater: false);
            }

            if (existing.Creation == PaymentCreation.Issued)
            {
                await index.RefreshAsync(existing.PaymentId, existing.CreatedAt, cancellationToken).ConfigureAwait(false); // in case the first request died before it
                return new CreateQrPaymentResult.AlreadyCreated(await ViewAsync(existing, cancellationToken).ConfigureAwait(false));
            }

            var now = timeProvider.GetUtcNow();
            if (existing.CreationLeaseExpiresAt <= now)
            {
                // The request that reserved the id died; take the reservation over.
                var takenOver = await payments.TryReplaceAsync(existing with { CreationLeaseExpiresAt = now + paymentsOptions.Value.CreationLeaseTime, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
                if (takenOver is not null)
                {
                    return await IssueQrCodeAsync(takenOver, purchase, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (now >= waitUntil)
            {
                return new CreateQrPaymentResult.Conflict($"Payment '{purchase.PaymentId}' is being created by another request.", RetryLater: true);
            }

            await Task.Delay(ReservationPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<PaymentView?> GetAsync(string paymentId, CancellationToken cancellationToken)
    {
        if (!PaymentId.TryParse(paymentId, out var id))
        {
            return null;
        }

        var payment = await payments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return payment is { Creation: PaymentCreation.Issued } ? await ViewAsync(payment, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Cancels a payment that can still be paid: one insert in its partition (<see cref="PaymentStore.TryRecordCancellationAsync"/>),
    /// then its notifications. A canceled one stays canceled (asking again changes nothing); a final one is left as it is.
    /// If a callback raced the cancellation, the status read after both were stored says which came first.
    /// </summary>
    public async Task<CancelPaymentResult> CancelAsync(string paymentId, CancellationToken cancellationToken)
    {
        if (!PaymentId.TryParse(paymentId, out var id))
        {
            return new CancelPaymentResult.NotFound();
        }

        using var scope = PaymentLogScope.Begin(logger, id);
        var payment = await payments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (payment is not { Creation: PaymentCreation.Issued })
        {
            return new CancelPaymentResult.NotFound();
        }

        if (PaymentStatusTransitions.IsOpen(payment.Status))
        {
            var recorded = await payments.TryRecordCancellationAsync(id, cancellationToken).ConfigureAwait(false);
            await notifications.RequestAsync(id.Value, PaymentStatus.Canceled.Value, cancellationToken).ConfigureAwait(false);
            payment = await payments.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? payment;
            LogCanceled(logger, recorded, payment.Status);
        }

        await index.RefreshAsync(id, payment.CreatedAt, cancellationToken).ConfigureAwait(false); // a repeated cancel refreshes what a dead one did not

        var view = await ViewAsync(payment, cancellationToken).ConfigureAwait(false);
        return PaymentStatus.Parse(payment.Status) == PaymentStatus.Canceled ? new CancelPaymentResult.Canceled(view) : new CancelPaymentResult.AlreadyFinal(view);
    }

    private async Task<CreateQrPaymentResult> IssueQrCodeAsync(Payment reserved, QrPurchaseRequest purchase, CancellationToken cancellationToken)
    {
        var issued = false;
        var expiryKey = reserved.ExpiresAt is { } expiresAt
            ? await notifications.ScheduleExpiryAsync(purchase.PaymentId, expiresAt, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            var image = await paymentPage.GenerateQrAsync(purchase, cancellationToken).ConfigureAwait(false);
            await qrCodes.SaveAsync(reserved.QrCodeBlobName, image.Png, cancellationToken).ConfigureAwait(false);
            var now = timeProvider.GetUtcNow();
            var payment = await payments.TryReplaceAsync(reserved with { Creation = PaymentCreation.Issued, CreationLeaseExpiresAt = null, UpdatedAt = now }, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The reservation of payment '{purchase.PaymentId}' was taken over while its QR code was issued.");
            issued = true;
            await index.RefreshAsync(payment.PaymentId, payment.CreatedAt, cancellationToken).ConfigureAwait(false);
            LogIssued(logger, purchase.Amount, purchase.Currency);
            metrics.PaymentCreated();
            return new CreateQrPaymentResult.Created(await ViewAsync(payment, cancellationToken).ConfigureAwait(false));
        }
        catch (PaymentPageException ex)
        {
            LogUpstreamFailed(logger, ex, ex.Kind, ex.StatusCode);
            return new CreateQrPaymentResult.UpstreamFailed(ex);
        }
        finally
        {
            if (!issued)
            {
                // Never leave a reservation behind that would block the client's retry.
                await payments.TryDeleteAsync(reserved, CancellationToken.None).ConfigureAwait(false);
                if (expiryKey is not null)
                {
                    await notifications.WithdrawAsync(expiryKey, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<PaymentView> ViewAsync(Payment payment, CancellationToken cancellationToken)
    {
        QrCodeUrl? qrCode = null;
        if (PaymentStatusTransitions.IsOpen(payment.Status))
        {
            qrCode = await qrCodes.GetReadUrlAsync(payment.QrCodeBlobName, cancellationToken).ConfigureAwait(false);
        }

        return new PaymentView(
            payment.PaymentId.Value, payment.Status, payment.ReviewReason, payment.Amount, payment.Currency, payment.CreatedAt, payment.UpdatedAt,
            payment.ExpiresAt, payment.Metadata, qrCode?.Url, qrCode?.ExpiresAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "QR code issued for {Amount} minor units of {Currency}")]
    private static partial void LogIssued(ILogger logger, long amount, string currency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JetPay did not issue a QR code ({Kind}, HTTP {StatusCode}); the reservation was released")]
    private static partial void LogUpstreamFailed(ILogger logger, Exception exception, PaymentPageErrorKind kind, int? statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancellation recorded: {Recorded}; the payment reads '{Status}'")]
    private static partial void LogCanceled(ILogger logger, bool recorded, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment id reused with different order data")]
    private static partial void LogConflictingOrder(ILogger logger);
}
