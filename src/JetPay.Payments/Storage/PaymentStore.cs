using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Storage;

/// <summary>Payments in Table storage. Every change is conditional on the row's ETag.</summary>
public class PaymentStore(TableClient table)
{
    public virtual async Task<Payment?> FindAsync(PaymentId paymentId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<PaymentEntity>(paymentId.Value, PaymentEntity.RowKeyValue, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.ToPayment() : null;
    }

    /// <summary>Inserts the row; <c>null</c> when a row for the id already exists.</summary>
    public virtual async Task<Payment?> TryInsertAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        try
        {
            var response = await table.AddEntityAsync(PaymentEntity.From(payment), cancellationToken).ConfigureAwait(false);
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
            var response = await table.UpdateEntityAsync(PaymentEntity.From(payment), payment.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
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
            await table.DeleteEntityAsync(payment.PaymentId.Value, PaymentEntity.RowKeyValue, payment.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}
