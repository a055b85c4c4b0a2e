using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Storage;

/// <summary>
/// The list's index, in table <c>PaymentIndex</c>: one row per issued payment in one partition, keyed by its creation
/// time inverted and its id (<c>{ticks to DateTime.MaxValue, 19 digits}-{payment id}</c>), so that one range query reads
/// payments newest first between two creation times, with what the list shows: the order's amount, currency, times,
/// metadata, and the status as last derived.
/// </summary>
/// <remarks>
/// <para>The status in a row is a copy of what <see cref="PaymentStatusTransitions"/> derives, refreshed after every
/// event that can change it (<see cref="RefreshAsync(PaymentId, CancellationToken)"/>). A refresh reads the row's ETag
/// <em>before</em> it reads the payment and writes on that ETag, so of two refreshes that race, the one that read the
/// payment before the other's event is the one that fails and reads again: the last write always follows a read that saw
/// every event before it.
/// Expiry needs no write: a row still open whose <c>ExpiresAt</c> has passed is read as <c>expired</c>.</para>
/// </remarks>
public class PaymentIndex(TableServiceClient tables, PaymentStore payments, TimeProvider timeProvider)
{
    public const string PartitionKey = "created";

    private const int RefreshAttempts = 8;

    private readonly TableClient _table = tables.GetTableClient(StorageNames.PaymentIndexTable);

    /// <summary>The row key of a payment created at <paramref name="createdAt"/>: newer payments sort first.</summary>
    public static string RowKeyFor(DateTimeOffset createdAt, string paymentId) => $"{InvertedTicks(createdAt)}-{paymentId}";

    /// <summary>
    /// Writes the payment's row from a fresh read of it, taken after the row's ETag, and again whenever another refresh
    /// wrote in between. A payment that is not issued (or unknown) writes nothing. Storage failures propagate, so that the
    /// event's own retry (JetPay's redelivery, the client's repeated request, the schedule's entry) refreshes again.
    /// </summary>
    public virtual async Task RefreshAsync(PaymentId paymentId, CancellationToken cancellationToken)
    {
        if (await payments.FindIssuedCreatedAtAsync(paymentId, cancellationToken).ConfigureAwait(false) is { } createdAt)
        {
            await RefreshAsync(paymentId, createdAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="RefreshAsync(PaymentId, CancellationToken)"/>
    /// <param name="paymentId">The payment.</param>
    /// <param name="createdAt">When it was created, which the caller has read already.</param>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    public virtual async Task RefreshAsync(PaymentId paymentId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var rowKey = RowKeyFor(createdAt, paymentId.Value);
        for (var attempt = 1; ; attempt++)
        {
            // The row's ETag first, then the payment: the write follows a read that saw every event before it.
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var payment = await payments.FindAsync(paymentId, cancellationToken).ConfigureAwait(false);
            if (payment is not { Creation: PaymentCreation.Issued })
            {
                return;
            }

            var row = ToRow(payment, rowKey);
            try
            {
                if (current.HasValue)
                {
                    await _table.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < RefreshAttempts)
            {
                // Another refresh wrote since: read again.
            }
        }
    }

    /// <summary>
    /// One page of payments, newest first, created in [<c>CreatedFrom</c>, <c>CreatedTo</c>), with the given status if
    /// one is asked for: exactly one query. A page may hold fewer than <c>Limit</c> payments (the service stops scanning
    /// a range after a while, or after 1,000 rows); the continuation says where to go on. <c>null</c> when the service
    /// refuses the continuation given (not one it made).
    /// </summary>
    public virtual async Task<PaymentIndexPage?> PageAsync(PaymentListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = timeProvider.GetUtcNow();
        var from = query.CreatedTo is { } to ? $"{InvertedTicks(to)}." : "";
        var filter = new StringBuilder(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and RowKey ge {from}"));
        if (query.CreatedFrom is { } createdFrom)
        {
            var end = InvertedTicks(createdFrom) + "."; // '.' sorts after '-': every row of that instant is in
            filter.Append(TableClient.CreateQueryFilter($" and RowKey lt {end}"));
        }

        if (query.Status is { } status)
        {
            filter.Append(" and (").Append(StatusFilter(status, now)).Append(')');
        }

        // The service's own continuation (where in the partition to go on) is passed back as it came: it is opaque.
        var pages = _table.QueryAsync<TableEntity>(filter.ToString(), maxPerPage: query.Limit, cancellationToken: cancellationToken).AsPages(query.ContinueAt);
        try
        {
            await foreach (var page in pages.ConfigureAwait(false))
            {
                return new PaymentIndexPage(page.Values.Select(row => ListedPayment.FromRow(row, now)).ToList(), page.ContinuationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && query.ContinueAt is not null)
        {
            return null; // the service refused where the token said to go on
        }

        return new PaymentIndexPage([], null);
    }

    /// <summary>
    /// Whether a value has the shape of the service's continuation ("{next partition} {next row}", each opaque; Azurite
    /// encodes them). Whatever it points to, the query's own filter still holds, so a forged one can only skip rows.
    /// </summary>
    public static bool IsContinuation(string value) =>
        value.Split(' ') is [{ Length: > 0 } partition, { Length: > 0 } row] && partition.Length + row.Length < 1024;

    // 'expired' is stored for payments JetPay or the sweep saw expire; an open row past its ExpiresAt reads expired too.
    // A row holds the status as JetPay spelled it; either spelling of canceled finds both.
    private static string StatusFilter(string status, DateTimeOffset now) =>
        status == JetPay.PaymentPage.PaymentStatus.Expired.Value ? TableClient.CreateQueryFilter($"Status eq {status} or (Open eq true and ExpiresAt le {now})")
        : JetPay.PaymentPage.PaymentStatus.Parse(status) == JetPay.PaymentPage.PaymentStatus.Canceled
            ? TableClient.CreateQueryFilter($"Status eq {JetPay.PaymentPage.PaymentStatus.Canceled.Value} or Status eq {JetPay.PaymentPage.PaymentStatus.Cancelled.Value}")
        : PaymentStatusTransitions.IsOpen(status) ? TableClient.CreateQueryFilter($"Status eq {status} and ExpiresAt gt {now}")
        : TableClient.CreateQueryFilter($"Status eq {status}");

    private static TableEntity ToRow(Payment payment, string rowKey)
    {
        var row = new TableEntity(PartitionKey, rowKey)
        {
            [nameof(PaymentView.PaymentId)] = payment.PaymentId.Value,
            [nameof(PaymentView.Status)] = payment.Status,
            ["Open"] = PaymentStatusTransitions.IsOpen(payment.Status),
            [nameof(PaymentView.Amount)] = payment.Amount,
            [nameof(PaymentView.Currency)] = payment.Currency,
            [nameof(PaymentView.CreatedAt)] = payment.CreatedAt,
            [nameof(PaymentView.UpdatedAt)] = payment.UpdatedAt,
        };
        row[nameof(PaymentView.ReviewReason)] = payment.ReviewReason;
        row[nameof(PaymentView.ExpiresAt)] = payment.ExpiresAt;
        row[nameof(Payment.MetadataJson)] = payment.MetadataJson;
        return row;
    }

    private static string InvertedTicks(DateTimeOffset at) =>
        (DateTime.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>What the list asks the index for. <c>ContinueAt</c>: the continuation a previous page ended with.</summary>
public sealed record PaymentListQuery(string? Status, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo, int Limit, string? ContinueAt);

/// <summary>One page of the index: the payments, and the continuation to go on from (none at the end).</summary>
public sealed record PaymentIndexPage(IReadOnlyList<PaymentView> Payments, string? Continuation);

/// <summary>A payment as the list shows it: the <see cref="PaymentView"/> of its row, without a QR code URL.</summary>
internal static class ListedPayment
{
    internal static PaymentView FromRow(TableEntity row, DateTimeOffset now)
    {
        var status = row.GetString(nameof(PaymentView.Status)) ?? Payment.PendingStatus;
        var expiresAt = row.GetDateTimeOffset(nameof(PaymentView.ExpiresAt));
        var expired = PaymentStatusTransitions.IsOpen(status) && expiresAt <= now;
        return new PaymentView(
            row.GetString(nameof(PaymentView.PaymentId)) ?? "",
            expired ? JetPay.PaymentPage.PaymentStatus.Expired.Value : status,
            expired ? null : row.GetString(nameof(PaymentView.ReviewReason)),
            row.GetInt64(nameof(PaymentView.Amount)) ?? 0,
            row.GetString(nameof(PaymentView.Currency)) ?? "",
            row.GetDateTimeOffset(nameof(PaymentView.CreatedAt)) ?? default,
            expired ? expiresAt!.Value : row.GetDateTimeOffset(nameof(PaymentView.UpdatedAt)) ?? default,
            expiresAt,
            Payment.MetadataFrom(row.GetString(nameof(Payment.MetadataJson))),
            QrCodeUrl: null,
            QrCodeExpiresAt: null);
    }
}
