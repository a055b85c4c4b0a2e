using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using JetPay.PaymentPage;
using JetPay.Payments.Callbacks;

namespace JetPay.Payments.Storage;

/// <summary>
/// Callbacks in the payments table, partitioned by payment id: each callback row is keyed by the digest of its signing
/// string (<see cref="PaymentCallback.SigningDigest"/>), so a redelivery, or any re-spelling of a stored callback, collides
/// with the stored copy instead of being stored again. Rows are only ever added, never changed.
/// </summary>
public class CallbackLedger(TableClient table, TimeProvider timeProvider)
{
    /// <summary>The partition of a payment id as JetPay sent it; ids the app could not have issued get a digest.</summary>
    public static string PartitionFor(string paymentId) =>
        Payments.PaymentId.TryParse(paymentId, out var id) ? id.Value : "foreign-" + Digest(System.Text.Encoding.UTF8.GetBytes(paymentId));

    /// <summary>Stores the callback with one conditional insert; a redelivery of a stored one writes nothing.</summary>
    public virtual async Task<CallbackRecording> RecordAsync(PaymentCallback callback, ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        try
        {
            await table.AddEntityAsync(ToEntity(callback, rawBody, PartitionFor(callback.Payment.Id), timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            return CallbackRecording.Recorded;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return CallbackRecording.Duplicate;
        }
    }

    /// <summary>The stored callbacks of a payment, oldest first by arrival.</summary>
    public virtual async Task<IReadOnlyList<StoredCallback>> CallbacksAsync(string paymentId, CancellationToken cancellationToken)
    {
        var partition = PartitionFor(paymentId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {CallbackEntity.RowKeyPrefix} and RowKey lt {CallbackEntity.RowKeyRangeEnd}");
        var callbacks = new List<StoredCallback>();
        await foreach (var row in table.QueryAsync<CallbackEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var signingString = row.SigningString is null ? null : System.Text.Encoding.UTF8.GetString(row.SigningString);
            callbacks.Add(new StoredCallback(row.PaymentId, row.PaymentStatus, row.RawBody, row.ReceivedAt, signingString));
        }

        return callbacks.OrderBy(c => c.ReceivedAt).ToList();
    }

    private static CallbackEntity ToEntity(PaymentCallback callback, ReadOnlyMemory<byte> rawBody, string partition, DateTimeOffset now) => new()
    {
        PartitionKey = partition,
        RowKey = CallbackEntity.RowKeyPrefix + callback.SigningDigest,
        RawBody = rawBody.ToArray(),
        SigningString = System.Text.Encoding.UTF8.GetBytes(callback.SigningString),
        PaymentId = callback.Payment.Id,
        ProjectId = callback.ProjectId,
        PaymentStatus = callback.Payment.Status.Value,
        Amount = callback.Payment.Sum?.Amount,
        Currency = callback.Payment.Sum?.Currency,
        OperationId = callback.Operation?.Id,
        OperationType = callback.Operation?.Type,
        OperationStatus = callback.Operation?.Status,
        OperationCode = callback.Operation?.Code,
        ReceivedAt = now,
    };

    private static string Digest(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>A callback as stored: the body as received and the signing string its status was read from (null on older rows).</summary>
public sealed record StoredCallback(string PaymentId, string PaymentStatus, byte[] RawBody, DateTimeOffset ReceivedAt, string? SigningString);
