using System.Buffers.Text;
using System.Globalization;
using System.Text;
using JetPay.PaymentPage;
using JetPay.Payments.Storage;

namespace JetPay.Payments.Payments;

/// <summary>
/// <c>GET /api/payments</c>: payments newest first, by status and creation time, a page at a time, each page one query
/// of the <see cref="PaymentIndex"/>. The continuation token is opaque to clients: the position the next page starts at.
/// </summary>
public sealed class PaymentList(PaymentIndex index)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    private static readonly FieldError BadToken = new("continuationToken", "is not a token this list gave out", "bad_continuation_token");

    public async Task<PaymentListResult> ListAsync(string? status, string? createdFrom, string? createdTo, string? limit, string? continuationToken, CancellationToken cancellationToken)
    {
        var problems = new List<FieldError>();
        if (status is not null && !IsListable(status))
        {
            problems.Add(new("status", "is not a status a payment can have (pending, processing, success, review, decline, canceled, expired, refunded, …)", "unknown_status_filter"));
        }

        var from = ReadTime(problems, "createdFrom", createdFrom);
        var to = ReadTime(problems, "createdTo", createdTo);
        if (from is not null && to is not null && from >= to)
        {
            problems.Add(new("createdTo", "must be after createdFrom", "invalid_created_range"));
        }

        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            problems.Add(new("limit", $"must be a whole number from 1 to {MaxLimit}", "invalid_limit"));
        }

        string? continueAt = null;
        if (continuationToken is not null && (continueAt = DecodeToken(continuationToken)) is null)
        {
            problems.Add(BadToken);
        }

        if (problems.Count > 0)
        {
            return new PaymentListResult.Invalid(problems);
        }

        var page = await index.PageAsync(new PaymentListQuery(status, from, to, pageSize, continueAt), cancellationToken).ConfigureAwait(false);
        return page is null
            ? new PaymentListResult.Invalid([BadToken])
            : new PaymentListResult.Page(page.Payments, page.Continuation is { } next ? EncodeToken(next) : null);
    }

    private static bool IsListable(string status) =>
        status is Payment.PendingStatus or PaymentStatusTransitions.ReviewStatus || PaymentStatus.Parse(status) is { IsKnown: true } known && status == known.Value;

    private static DateTimeOffset? ReadTime(List<FieldError> problems, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (Rfc3339.TryParse(value, out var parsed))
        {
            return parsed;
        }

        problems.Add(new(field, "must be an RFC 3339 date and time with an offset, such as 2026-12-06T00:00:00Z", "invalid_created_range"));
        return null;
    }

    private static string EncodeToken(string continuation) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuation));

    private static string? DecodeToken(string token)
    {
        try
        {
            var continuation = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return PaymentIndex.IsContinuation(continuation) ? continuation : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>What became of a request for a page of the list.</summary>
public abstract record PaymentListResult
{
    private PaymentListResult()
    {
    }

    /// <summary>The payments of this page, newest first, and the token of the next (none at the end).</summary>
    public sealed record Page(IReadOnlyList<PaymentView> Payments, string? ContinuationToken) : PaymentListResult;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : PaymentListResult;
}
