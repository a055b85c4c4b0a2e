using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Storage;

/// <summary>
/// Payments in Table storage: the order row, changed only while the QR code is issued (every change conditional on its
/// ETag), and the status, derived from the callback rows of the same partition (<see cref="CallbackLedger"/>).
/// </summary>
public class PaymentStore(TableClient table, TimeProvider timeProvider)
{
    /// <summary>The row that records the app's own cancellation; it reads as a <c>canceled</c> report, like a callback.</summary>
    public const string CancellationRowKey = "cancel";

    private static readonly string[] Columns = new[]
    {
        "PartitionKey", "RowKey",
        nameof(Payment.Amount), nameof(Payment.Currency), nameof(Payment.CustomerId), nameof(Payment.CustomerFirstName),
        nameof(Payment.CustomerLastName), nameof(Payment.CustomerEmail), nameof(Payment.Description), nameof(Payment.LanguageCode),
        nameof(Payment.OrderFingerprint), nameof(Payment.Creation), nameof(Payment.CreationLeaseExpiresAt),
        nameof(Payment.CreatedAt), nameof(Payment.UpdatedAt), nameof(Payment.ExpiresAt), nameof(Payment.MetadataJson),
    }.Union(CallbackEntity.ReportColumns).ToArray(); // Amount and Currency: the order's on its row, the reported sum on a callback's

    /// <summary>The payment with its current status: one query reads the order row, its callbacks (without their bodies) and its cancellation.</summary>
    public virtual async Task<Payment?> FindAsync(PaymentId paymentId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {paymentId.Value} and (RowKey eq {Payment.RowKeyValue} or RowKey eq {CancellationRowKey} or (RowKey ge {CallbackEntity.RowKeyPrefix} and RowKey lt {CallbackEntity.RowKeyRangeEnd}))");
        Payment? order = null;
        var reports = new List<ReportedStatus>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == Payment.RowKeyValue)
            {
                order = Payment.FromRow(row);
            }
            else
            {
                reports.Add(CallbackEntity.ReportOf(row));
            }
        }

        return order?.With(PaymentStatusTransitions.Resolve(order.Amount, order.Currency, order.ExpiresAt, timeProvider.GetUtcNow(), reports));
    }

    /// <summary>
    /// When an issued payment was created, which places it in the list: one point read of its order row. <c>null</c> for
    /// a payment that is unknown or not issued.
    /// </summary>
    public virtual async Task<DateTimeOffset?> FindIssuedCreatedAtAsync(PaymentId paymentId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            paymentId.Value, Payment.RowKeyValue, [nameof(Payment.Creation), nameof(Payment.CreatedAt)], cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString(nameof(Payment.Creation)) == nameof(PaymentCreation.Issued)
            ? row.Value.GetDateTimeOffset(nameof(Payment.CreatedAt))
            : null;
    }

    /// <summary>
    /// Records the app's cancellation of the payment: one insert in its partition, which reads as a <c>canceled</c>
    /// report made now. <c>false</c> when it was canceled before (the first cancellation stays).
    /// </summary>
    public virtual async Task<bool> TryRecordCancellationAsync(PaymentId paymentId, CancellationToken cancellationToken)
    {
        var row = new TableEntity(paymentId.Value, CancellationRowKey)
        {
            [nameof(CallbackEntity.PaymentStatus)] = JetPay.PaymentPage.PaymentStatus.Canceled.Value,
            [nameof(CallbackEntity.ReceivedAt)] = timeProvider.GetUtcNow(),
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Inserts the row; <c>null</c> when a row for the id already exists.</summary>
    public virtual async Task<Payment?> TryInsertAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        try
        {
            var response = await table.AddEntityAsync(payment, cancellationToken).ConfigureAwait(false);
            return payment with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Replaces the row if nobody changed it since it was read; <c>null</c> if somebody did.</summary>
    public virtual async Task<Payment?> TryReplaceAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        try
        {
            var response = await table.UpdateEntityAsync(payment, payment.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return payment with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the row if nobody changed it since it was read.</summary>
    public virtual async Task<bool> TryDeleteAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        try
        {
            await table.DeleteEntityAsync(payment.PaymentId.Value, Payment.RowKeyValue, payment.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}
