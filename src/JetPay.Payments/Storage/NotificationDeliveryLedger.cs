using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Storage;

/// <summary>
/// Delivery records in the payments table: before a channel sends, the attempt claims the channel's row with a
/// conditional insert or an ETag-conditional replace, so that two deliveries of the same queue message never both send;
/// after the send it marks the row sent, and a later delivery skips the channel.
/// </summary>
/// <remarks>
/// A claim holds for <see cref="NotificationsOptions.DeliveryLeaseTime"/>. An attempt that finds another's live claim
/// waits (polling the row) until the claim is marked sent, given back, or runs out; a claim that ran out belonged to a
/// process that died mid-send and is taken over.
/// </remarks>
public partial class NotificationDeliveryLedger(
    TableClient table,
    TimeProvider timeProvider,
    IOptions<NotificationsOptions> options,
    ILogger<NotificationDeliveryLedger> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static string RowKeyFor(string status, NotificationChannel channel) =>
        $"{NotificationDeliveryEntity.RowKeyPrefix}{status}-{channel.ToString().ToLowerInvariant()}";

    /// <summary>Claims the delivery for this attempt; <c>null</c> when it was sent already.</summary>
    public virtual async Task<DeliveryClaim?> ClaimAsync(PaymentId paymentId, string status, NotificationChannel channel, CancellationToken cancellationToken)
    {
        var rowKey = RowKeyFor(status, channel);
        var waiting = false;
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            var lease = options.Value.DeliveryLeaseTime;
            var found = await table.GetEntityIfExistsAsync<NotificationDeliveryEntity>(paymentId.Value, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue)
            {
                var fresh = new NotificationDeliveryEntity
                {
                    PartitionKey = paymentId.Value,
                    RowKey = rowKey,
                    Status = status,
                    Channel = channel.ToString(),
                    State = nameof(DeliveryState.Claimed),
                    ClaimedUntil = now + lease,
                    FirstAttemptAt = now,
                    Attempts = 1,
                };
                try
                {
                    var added = await table.AddEntityAsync(fresh, cancellationToken).ConfigureAwait(false);
                    return Claim(paymentId, fresh, added.Headers.ETag ?? default);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    continue; // another attempt inserted it first
                }
            }

            var row = found.Value!;
            if (row.State == nameof(DeliveryState.Sent))
            {
                return null;
            }

            if (row.State == nameof(DeliveryState.Claimed) && row.ClaimedUntil > now)
            {
                var left = row.ClaimedUntil.Value - now;
                if (!waiting)
                {
                    waiting = true;
                    LogWaitingForOtherAttempt(logger, channel.Describe(), status, left);
                }

                await Task.Delay(left < PollInterval ? left : PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (row.State == nameof(DeliveryState.Claimed))
            {
                LogTakingOverStaleClaim(logger, channel.Describe(), status, row.Attempts);
            }

            row.State = nameof(DeliveryState.Claimed);
            row.ClaimedUntil = now + lease;
            row.Attempts++;
            try
            {
                var replaced = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return Claim(paymentId, row, replaced.Headers.ETag ?? default);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                continue; // another attempt changed it first
            }
        }
    }

    /// <summary>Records that the channel sent. Unconditional: whoever else holds the row now, the notification went out.</summary>
    public virtual async Task MarkSentAsync(DeliveryClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var row = ToEntity(claim, DeliveryState.Sent);
        row.SentAt = timeProvider.GetUtcNow();
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the claim back after a failed send, if this attempt still holds it, so that the next attempt need not wait.</summary>
    public virtual async Task ReleaseAsync(DeliveryClaim claim, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var row = ToEntity(claim, DeliveryState.Failed);
        row.LastFailure = failure;
        try
        {
            await table.UpdateEntityAsync(row, claim.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // The claim ran out and another attempt took the row over: it is theirs now.
        }
    }

    /// <summary>The delivery record, for tests and diagnostics.</summary>
    public virtual async Task<DeliveryRecord?> FindAsync(PaymentId paymentId, string status, NotificationChannel channel, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<NotificationDeliveryEntity>(paymentId.Value, RowKeyFor(status, channel), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue
            ? new DeliveryRecord(Enum.Parse<DeliveryState>(found.Value!.State), found.Value.Attempts, found.Value.ClaimedUntil, found.Value.SentAt, found.Value.LastFailure)
            : null;
    }

    private static DeliveryClaim Claim(PaymentId paymentId, NotificationDeliveryEntity row, ETag etag) =>
        new(paymentId, row.Status, Enum.Parse<NotificationChannel>(row.Channel), etag, row.FirstAttemptAt, row.Attempts);

    private static NotificationDeliveryEntity ToEntity(DeliveryClaim claim, DeliveryState state) => new()
    {
        PartitionKey = claim.PaymentId.Value,
        RowKey = RowKeyFor(claim.Status, claim.Channel),
        Status = claim.Status,
        Channel = claim.Channel.ToString(),
        State = state.ToString(),
        FirstAttemptAt = claim.FirstAttemptAt,
        Attempts = claim.Attempt,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Another attempt is sending the {Channel} notification of '{Status}'; waiting for it (its claim runs out in {Left})")]
    private static partial void LogWaitingForOtherAttempt(ILogger logger, string channel, string status, TimeSpan left);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking over the {Channel} notification of '{Status}' from an attempt whose claim ran out (attempt {Attempts}); if that attempt had sent it, it goes out twice")]
    private static partial void LogTakingOverStaleClaim(ILogger logger, string channel, string status, int attempts);
}

/// <summary>This attempt's hold on one delivery.</summary>
public sealed record DeliveryClaim(PaymentId PaymentId, string Status, NotificationChannel Channel, ETag ETag, DateTimeOffset FirstAttemptAt, int Attempt);

/// <summary>A delivery record as stored.</summary>
public sealed record DeliveryRecord(DeliveryState State, int Attempts, DateTimeOffset? ClaimedUntil, DateTimeOffset? SentAt, string? LastFailure);
