using System.Security.Cryptography;
using Azure.Data.Tables;
using JetPay.PaymentPage;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Storage;

/// <summary>What became of an attempt to record a callback.</summary>
public enum CallbackRecording
{
    /// <summary>Stored now, together with the payment's change and its notification, in one transaction.</summary>
    Recorded,

    /// <summary>The same callback was stored before; nothing was written.</summary>
    Duplicate,

    /// <summary>The payment changed since it was read (another callback); read it again and retry.</summary>
    PaymentChanged,
}

/// <summary>
/// Callbacks in the payments table, partitioned by payment id: each callback row is keyed by a digest of its raw body,
/// so a redelivery collides with the stored copy instead of being stored twice.
/// </summary>
public class CallbackLedger(TableClient table, TimeProvider timeProvider)
{
    /// <summary>The partition of a payment id as JetPay sent it; ids the app could not have issued get a digest.</summary>
    public static string PartitionFor(string paymentId) =>
        Payments.PaymentId.TryParse(paymentId, out var id) ? id.Value : "foreign-" + Digest(System.Text.Encoding.UTF8.GetBytes(paymentId));

    /// <summary>
    /// Stores the callback and, if the payment is known and changes, the new payment row (conditional on its ETag)
    /// and the notification to send, all or nothing.
    /// </summary>
    public virtual async Task<CallbackRecording> RecordAsync(
        PaymentCallback callback,
        ReadOnlyMemory<byte> rawBody,
        Payment? paymentBefore,
        Payment? paymentAfter,
        PaymentNotification? notification,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var partition = PartitionFor(callback.Payment.Id);
        var now = timeProvider.GetUtcNow();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToEntity(callback, rawBody, partition, paymentBefore, paymentAfter, now)),
        };
        if (paymentBefore is not null && paymentAfter is not null && !ReferenceEquals(paymentBefore, paymentAfter))
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, PaymentEntity.From(paymentAfter), paymentBefore.ETag));
        }

        if (notification is not null)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new OutboxEntity
            {
                PartitionKey = partition,
                RowKey = OutboxEntity.RowKeyPrefix + notification.Status,
                Status = notification.Status,
                CreatedAt = now,
            }));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return CallbackRecording.Recorded;
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status == 409)
        {
            return CallbackRecording.Duplicate;
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 1 && ex.Status is 412 or 404)
        {
            return CallbackRecording.PaymentChanged;
        }
    }

    /// <summary>Notifications of the payment that were written but not yet confirmed as enqueued.</summary>
    public virtual async Task<IReadOnlyList<PaymentNotification>> PendingNotificationsAsync(string paymentId, CancellationToken cancellationToken)
    {
        var partition = PartitionFor(paymentId);
        var pending = new List<PaymentNotification>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {OutboxEntity.RowKeyPrefix} and RowKey lt {RangeEnd(OutboxEntity.RowKeyPrefix)}");
        await foreach (var row in table.QueryAsync<OutboxEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.EnqueuedAt is null)
            {
                pending.Add(new PaymentNotification(paymentId, row.Status));
            }
        }

        return pending;
    }

    public virtual async Task MarkEnqueuedAsync(PaymentNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var row = new TableEntity(PartitionFor(notification.PaymentId), OutboxEntity.RowKeyPrefix + notification.Status)
        {
            [nameof(OutboxEntity.EnqueuedAt)] = timeProvider.GetUtcNow(),
        };
        await table.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored callbacks of a payment, oldest first by arrival.</summary>
    public virtual async Task<IReadOnlyList<StoredCallback>> CallbacksAsync(string paymentId, CancellationToken cancellationToken)
    {
        var partition = PartitionFor(paymentId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {CallbackEntity.RowKeyPrefix} and RowKey lt {RangeEnd(CallbackEntity.RowKeyPrefix)}");
        var callbacks = new List<StoredCallback>();
        await foreach (var row in table.QueryAsync<CallbackEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            callbacks.Add(new StoredCallback(row.PaymentId, row.PaymentStatus, row.RawBody, row.Matched, row.StatusBefore, row.StatusAfter, row.ReceivedAt));
        }

        return callbacks.OrderBy(c => c.ReceivedAt).ToList();
    }

    private static CallbackEntity ToEntity(PaymentCallback callback, ReadOnlyMemory<byte> rawBody, string partition, Payment? before, Payment? after, DateTimeOffset now) => new()
    {
        PartitionKey = partition,
        RowKey = CallbackEntity.RowKeyPrefix + Digest(rawBody.Span),
        RawBody = rawBody.ToArray(),
        PaymentId = callback.Payment.Id,
        ProjectId = callback.ProjectId,
        PaymentStatus = callback.Payment.Status.Value,
        Amount = callback.Payment.Sum?.Amount,
        Currency = callback.Payment.Sum?.Currency,
        OperationId = callback.Operation?.Id,
        OperationType = callback.Operation?.Type,
        OperationStatus = callback.Operation?.Status,
        OperationCode = callback.Operation?.Code,
        Matched = before is not null,
        StatusBefore = before?.Status,
        StatusAfter = after?.Status ?? before?.Status,
        ReceivedAt = now,
    };

    // Row keys starting with "prefix-" sort below "prefix." ('.' follows '-').
    private static string RangeEnd(string prefix) => prefix[..^1] + ".";

    private static string Digest(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>A callback as stored.</summary>
public sealed record StoredCallback(string PaymentId, string PaymentStatus, byte[] RawBody, bool Matched, string? StatusBefore, string? StatusAfter, DateTimeOffset ReceivedAt);
