using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Storage;

/// <summary>
/// Delivery records in the payments table, one per channel of a payment status, and every change to them. Each change
/// is conditional on the record's ETag, so of two attempts that race only one sends; each move to a new moment writes
/// the <see cref="NotificationSchedule"/> entry for that moment before the record (see there why).
/// </summary>
/// <remarks>
/// <para>The life of a record: <see cref="OpenAsync"/> makes it pending and due now (the callback's intake entry in the
/// schedule stands for it until its first attempt has an outcome); <see cref="TryClaimAsync"/> lets one
/// attempt send it, for <see cref="NotificationsOptions.DeliveryLeaseTime"/>; the attempt then marks it sent, schedules
/// the next attempt, or gives up. A claim that ran out (the process died mid-send) is due, and the next attempt takes
/// it over. <see cref="TryRedeliverAsync"/> makes a sent or failed record pending again, due now.</para>
/// </remarks>
public partial class NotificationDeliveryLedger(
    TableClient table,
    NotificationSchedule schedule,
    TimeProvider timeProvider,
    IOptions<NotificationsOptions> options,
    ILogger<NotificationDeliveryLedger> logger)
{
    public static string RowKeyFor(string status, NotificationChannel channel) =>
        $"{NotificationDeliveryEntity.RowKeyPrefix}{status}-{channel.ToString().ToLowerInvariant()}";

    /// <summary>
    /// The delivery's record, made pending and due now if there was none. A new record has no schedule entry of its
    /// own: the callback's intake entry stands for it until its first attempt has an outcome (see <see cref="DeliveryRecord.IsCovered"/>).
    /// </summary>
    public virtual async Task<DeliveryRecord> OpenAsync(PaymentId paymentId, string status, NotificationChannel channel, string eventId, DateTimeOffset? callbackAcceptedAt, CancellationToken cancellationToken)
    {
        if (await FindAsync(paymentId, status, channel, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var now = timeProvider.GetUtcNow();
        var row = new NotificationDeliveryEntity
        {
            PartitionKey = paymentId.Value,
            RowKey = RowKeyFor(status, channel),
            Status = status,
            Channel = channel.ToString(),
            State = Name(DeliveryState.Pending),
            EventId = eventId,
            CallbackAcceptedAt = callbackAcceptedAt,
            FirstAttemptAt = now,
            Attempts = 0,
            RoundAttempts = 0,
            NextAttemptAt = now,
        };
        try
        {
            var added = await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            row.ETag = added.Headers.ETag ?? default;
            return Read(row);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindAsync(paymentId, status, channel, cancellationToken).ConfigureAwait(false) // another attempt opened it first
                ?? throw new InvalidOperationException("A delivery record was there and then was not.", ex);
        }
    }

    /// <summary>
    /// Lets this attempt send the delivery, if it is due and nobody changed the record since it was read; <c>null</c>
    /// otherwise. The claim holds for <see cref="NotificationsOptions.DeliveryLeaseTime"/>.
    /// </summary>
    public virtual async Task<DeliveryRecord?> TryClaimAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = timeProvider.GetUtcNow();
        if (!record.IsDue(now))
        {
            return null;
        }

        var claimedUntil = now + options.Value.DeliveryLeaseTime;
        var claimed = record with
        {
            State = DeliveryState.Sending,
            Attempts = record.Attempts + 1,
            RoundAttempts = record.RoundAttempts + 1,
            LastAttemptAt = now,
        };
        var stored = record.ScheduleKey is null
            ? await TryReplaceAsync(record, claimed with { NextAttemptAt = claimedUntil }, cancellationToken).ConfigureAwait(false) // still covered by the intake entry
            : await TryMoveAsync(record, claimed, claimedUntil, cancellationToken).ConfigureAwait(false);
        if (stored is not null && record.State == DeliveryState.Sending)
        {
            LogTakingOverStaleClaim(logger, record.Channel.Describe(), record.Status, record.Attempts);
        }

        return stored;
    }

    /// <summary>Records that the channel sent. Unconditional: whoever else holds the record now, the notification went out.</summary>
    public virtual async Task<DeliveryRecord> MarkSentAsync(DeliveryRecord claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var sent = claim with { State = DeliveryState.Sent, NextAttemptAt = null, ScheduleKey = null, SentAt = timeProvider.GetUtcNow() };
        var response = await table.UpsertEntityAsync(ToEntity(sent), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await RemoveEntryAsync(claim.ScheduleKey).ConfigureAwait(false);
        return sent with { ETag = response.Headers.ETag ?? default };
    }

    /// <summary>After a failed attempt: pending again, due at <paramref name="nextAttemptAt"/>; <c>null</c> if another attempt took the record over meanwhile.</summary>
    public virtual async Task<DeliveryRecord?> ScheduleRetryAsync(DeliveryRecord claim, DateTimeOffset nextAttemptAt, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var pending = claim with { State = DeliveryState.Pending, LastFailure = failure };
        return await TryMoveAsync(claim, pending, nextAttemptAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After the schedule's last attempt failed: failed for good; <c>null</c> if another attempt took the record over meanwhile.</summary>
    public virtual async Task<DeliveryRecord?> GiveUpAsync(DeliveryRecord claim, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var failed = await TryReplaceAsync(claim, claim with { State = DeliveryState.Failed, NextAttemptAt = null, ScheduleKey = null, LastFailure = failure }, cancellationToken).ConfigureAwait(false);
        if (failed is not null)
        {
            await RemoveEntryAsync(claim.ScheduleKey).ConfigureAwait(false);
        }

        return failed;
    }

    /// <summary>
    /// Makes the delivery pending and due now, with the same event id, starting the retry schedule again; <c>null</c>
    /// while an attempt is sending it (or if the record changed meanwhile: read it and ask again).
    /// </summary>
    public virtual async Task<DeliveryRecord?> TryRedeliverAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = timeProvider.GetUtcNow();
        if (record.State == DeliveryState.Sending && record.NextAttemptAt > now)
        {
            return null;
        }

        return await TryMoveAsync(record, record with { State = DeliveryState.Pending, RoundAttempts = 0 }, now, cancellationToken).ConfigureAwait(false);
    }

    public virtual async Task<DeliveryRecord?> FindAsync(PaymentId paymentId, string status, NotificationChannel channel, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<NotificationDeliveryEntity>(paymentId.Value, RowKeyFor(status, channel), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? Read(found.Value!) : null;
    }

    /// <summary>Every delivery of the payment, in one query over its partition.</summary>
    public virtual async Task<IReadOnlyList<DeliveryRecord>> ListAsync(PaymentId paymentId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {paymentId.Value} and RowKey ge {NotificationDeliveryEntity.RowKeyPrefix} and RowKey lt {NotificationDeliveryEntity.RowKeyRangeEnd}");
        var records = new List<DeliveryRecord>();
        await foreach (var row in table.QueryAsync<NotificationDeliveryEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(Read(row));
        }

        return records;
    }

    private async Task<DeliveryRecord?> TryReplaceAsync(DeliveryRecord current, DeliveryRecord next, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(next), current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return next with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    // The new schedule entry first, then the record (conditional on its ETag), then the old entry goes.
    private async Task<DeliveryRecord?> TryMoveAsync(DeliveryRecord current, DeliveryRecord next, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var key = await schedule.AddAsync(DueEntry.Delivery(current.PaymentId.Value, current.Status, current.Channel), dueAt, cancellationToken).ConfigureAwait(false);
        var moved = await TryReplaceAsync(current, next with { NextAttemptAt = dueAt, ScheduleKey = key }, cancellationToken).ConfigureAwait(false);
        if (moved is null)
        {
            await RemoveEntryAsync(key).ConfigureAwait(false);
            return null;
        }

        await RemoveEntryAsync(current.ScheduleKey).ConfigureAwait(false);
        return moved;
    }

    // Best effort: an entry left behind is stale and dropped by the sweep.
    private async Task RemoveEntryAsync(string? key)
    {
        if (key is null)
        {
            return;
        }

        try
        {
            await schedule.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            LogEntryNotRemoved(logger, key, ex.Status);
        }
    }

    private static string Name(DeliveryState state) => state.ToString().ToLowerInvariant();

    private static DeliveryRecord Read(NotificationDeliveryEntity row)
    {
        var (state, nextAttemptAt) = row.State switch
        {
            // Records of earlier versions: a claim that runs out, and a failure that the queue retried.
            "Claimed" => (DeliveryState.Sending, row.ClaimedUntil),
            "Failed" => (DeliveryState.Pending, row.Timestamp),
            "Sent" => (DeliveryState.Sent, null),
            _ => (Enum.Parse<DeliveryState>(row.State, ignoreCase: true), row.NextAttemptAt),
        };
        return new DeliveryRecord(
            PaymentId.TryParse(row.PartitionKey, out var id) ? id : throw new InvalidOperationException("A delivery row has a partition key that is not a payment id."),
            row.Status,
            Enum.Parse<NotificationChannel>(row.Channel),
            state,
            row.EventId,
            row.CallbackAcceptedAt,
            row.FirstAttemptAt,
            row.Attempts,
            row.RoundAttempts ?? row.Attempts,
            row.LastAttemptAt,
            nextAttemptAt,
            row.ScheduleKey,
            row.SentAt,
            row.LastFailure,
            row.ETag);
    }

    private static NotificationDeliveryEntity ToEntity(DeliveryRecord record) => new()
    {
        PartitionKey = record.PaymentId.Value,
        RowKey = RowKeyFor(record.Status, record.Channel),
        Status = record.Status,
        Channel = record.Channel.ToString(),
        State = Name(record.State),
        EventId = record.EventId,
        CallbackAcceptedAt = record.CallbackAcceptedAt,
        FirstAttemptAt = record.FirstAttemptAt,
        Attempts = record.Attempts,
        RoundAttempts = record.RoundAttempts,
        LastAttemptAt = record.LastAttemptAt,
        NextAttemptAt = record.NextAttemptAt,
        ScheduleKey = record.ScheduleKey,
        SentAt = record.SentAt,
        LastFailure = record.LastFailure,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking over the {Channel} notification of '{Status}' from an attempt whose claim ran out (attempt {Attempts}); if that attempt had sent it, it goes out twice, with the same id")]
    private static partial void LogTakingOverStaleClaim(ILogger logger, string channel, string status, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule entry {Key} not removed (storage answered {Status}); the sweep drops it later")]
    private static partial void LogEntryNotRemoved(ILogger logger, string key, int status);
}

/// <summary>A delivery record as stored.</summary>
/// <remarks><list type="bullet">
/// <item><c>EventId</c>: The <c>webhook-id</c> or the receipt's <c>Message-ID</c>; <c>null</c> only on records of earlier versions.</item>
/// <item><c>RoundAttempts</c>: Attempts since the retry schedule last started; it picks the next delay.</item>
/// <item><c>NextAttemptAt</c>: While pending, when the next attempt is due; while sending, when the claim runs out; else <c>null</c>.</item>
/// </list></remarks>
public sealed record DeliveryRecord(
    PaymentId PaymentId,
    string Status,
    NotificationChannel Channel,
    DeliveryState State,
    string? EventId,
    DateTimeOffset? CallbackAcceptedAt,
    DateTimeOffset FirstAttemptAt,
    int Attempts,
    int RoundAttempts,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    string? ScheduleKey,
    DateTimeOffset? SentAt,
    string? LastFailure,
    ETag ETag)
{
    public NotificationId Id => new(Status, Channel);

    /// <summary>Whether an attempt may start now: pending and due, or sending with a claim that ran out.</summary>
    public bool IsDue(DateTimeOffset now) => State is DeliveryState.Pending or DeliveryState.Sending && NextAttemptAt <= now;

    /// <summary>
    /// Whether the schedule finds this delivery without the callback's intake entry: it is final, or it has an entry
    /// of its own. Until all of a callback's deliveries are, its intake entry stays.
    /// </summary>
    public bool IsCovered => State is DeliveryState.Sent or DeliveryState.Failed || ScheduleKey is not null;
}
