using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Notifications;

namespace JetPay.Payments.Storage;

/// <summary>
/// The index of notification work that falls due, in table <c>NotificationSchedule</c>: one row per moment something
/// must be looked at, keyed by that moment, so that one range query finds everything due however many payments there
/// are. It points; it decides nothing. The delivery record it points to (<see cref="NotificationDeliveryLedger"/>) is the
/// truth, and an entry that no longer matches its record is dropped.
/// </summary>
/// <remarks>
/// <para>Three kinds of entry: a <see cref="DueEntryKind.Delivery"/> (a delivery's next attempt, or the end of the claim of
/// the attempt that is sending it), an <see cref="DueEntryKind.Intake"/> (a callback reported a final status; if the
/// queue message that asks for its notifications was not handled by then, the sweep does it), and an
/// <see cref="DueEntryKind.Expiry"/> (a payment's <c>expiresAt</c>, added before its QR code is asked for).</para>
/// <para>Whoever moves a delivery to a new moment writes the new entry first and changes the record after, so a record
/// that is not final always has an entry at its next attempt; the old entry is removed afterwards, or found stale later.</para>
/// </remarks>
public class NotificationSchedule(TableServiceClient tables)
{
    /// <summary>All entries share one partition, so that the due ones are one range query (up to about 2,000 writes a second).</summary>
    public const string PartitionKey = "due";

    private const string TimeFormat = "yyyyMMddHHmmssfff";

    private readonly TableClient _table = tables.GetTableClient(StorageNames.NotificationScheduleTable);

    /// <summary>Adds an entry due at <paramref name="dueAt"/>; returns its key, unique even for the same moment.</summary>
    public virtual async Task<string> AddAsync(DueEntry entry, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = KeyFor(dueAt);
        var row = new TableEntity(PartitionKey, key)
        {
            [nameof(DueEntry.Kind)] = entry.Kind.ToString(),
            [nameof(DueEntry.PaymentId)] = entry.PaymentId,
            [nameof(DueEntry.Status)] = entry.Status,
        };
        if (entry.Channel is { } channel)
        {
            row[nameof(DueEntry.Channel)] = channel.ToString();
        }

        await _table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Removes an entry; one already gone is fine.</summary>
    public virtual async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            await _table.DeleteEntityAsync(PartitionKey, key, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // removed by somebody else, or never written
        }
    }

    /// <summary>
    /// The entries due at or before <paramref name="now"/>, earliest first, at most <paramref name="limit"/>, after the
    /// entry <paramref name="afterKey"/> if one is given (to go on from where the last call stopped).
    /// </summary>
    public virtual async IAsyncEnumerable<ScheduledEntry> DueAsync(DateTimeOffset now, int limit, string? afterKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every key of a moment up to now sorts before the next millisecond's.
        var end = (now + TimeSpan.FromMilliseconds(1)).UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and RowKey gt {afterKey ?? ""} and RowKey lt {end}");
        var count = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ScheduledEntry.FromRow(row);
            if (++count >= limit)
            {
                yield break;
            }
        }
    }

    /// <summary>The moment a key stands for.</summary>
    public static DateTimeOffset DueAtOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DateTimeOffset.ParseExact(key[..TimeFormat.Length], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static string KeyFor(DateTimeOffset dueAt) =>
        $"{dueAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}

/// <summary>What an entry of the <see cref="NotificationSchedule"/> points to.</summary>
/// <remarks><list type="bullet">
/// <item><c>Status</c>: For an intake, the status the callback reported; for a delivery, the status it tells of.</item>
/// </list></remarks>
public sealed record DueEntry(DueEntryKind Kind, string PaymentId, string Status, NotificationChannel? Channel)
{
    public static DueEntry Intake(string paymentId, string reportedStatus) => new(DueEntryKind.Intake, paymentId, reportedStatus, null);

    public static DueEntry Delivery(string paymentId, string status, NotificationChannel channel) => new(DueEntryKind.Delivery, paymentId, status, channel);

    public static DueEntry Expiry(string paymentId) => new(DueEntryKind.Expiry, paymentId, JetPay.PaymentPage.PaymentStatus.Expired.Value, null);
}

/// <summary>An entry as stored: what it points to, its key and when it is due.</summary>
public sealed record ScheduledEntry(string Key, DateTimeOffset DueAt, DueEntry Entry)
{
    internal static ScheduledEntry FromRow(TableEntity row)
    {
        var kind = Enum.TryParse<DueEntryKind>(row.GetString(nameof(DueEntry.Kind)), out var k) ? k : DueEntryKind.Unknown;
        var channel = Enum.TryParse<NotificationChannel>(row.GetString(nameof(DueEntry.Channel)), out var c) ? c : (NotificationChannel?)null;
        return new ScheduledEntry(
            row.RowKey,
            NotificationSchedule.DueAtOf(row.RowKey),
            new DueEntry(kind, row.GetString(nameof(DueEntry.PaymentId)) ?? "", row.GetString(nameof(DueEntry.Status)) ?? "", channel));
    }
}

/// <summary>What a <see cref="NotificationSchedule"/> entry is for.</summary>
public enum DueEntryKind
{
    /// <summary>Not one this version writes; dropped.</summary>
    Unknown,

    /// <summary>A callback's notifications, in case its queue message is not handled in time.</summary>
    Intake,

    /// <summary>One delivery's next attempt or the end of its current attempt's claim.</summary>
    Delivery,

    /// <summary>A payment's <c>expiresAt</c>: if it then reads <c>expired</c>, its notifications are asked for.</summary>
    Expiry,
}
