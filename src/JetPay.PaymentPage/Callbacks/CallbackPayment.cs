using System.Globalization;

namespace JetPay.PaymentPage;

/// <summary>The callback's <c>payment</c> object: the payment as a whole.</summary>
public sealed record CallbackPayment
{
    /// <summary><c>payment.id</c>: the project's payment id, as sent in the request; never empty.</summary>
    public required string Id { get; init; }

    /// <summary><c>payment.type</c>, e.g. <c>purchase</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>payment.status</c>.</summary>
    public PaymentStatus Status { get; init; }

    /// <summary><c>payment.date</c> exactly as sent (signed as such).</summary>
    public string? Date { get; init; }

    /// <summary><see cref="Date"/> read as a date-time with offset (<c>2022-03-25T11:08:45+0000</c>); null when absent or unreadable.</summary>
    /// <remarks>Read when asked for: the app itself never needs it, and every callback would pay for it.</remarks>
    public DateTimeOffset? DateParsed => ParseDate(Date);

    /// <summary><c>payment.method</c>, e.g. <c>card</c>, <c>mobile</c>.</summary>
    public string? Method { get; init; }

    /// <summary><c>payment.sum</c>: the amount of the payment.</summary>
    public CallbackSum? Sum { get; init; }

    private static readonly string[] DateFormats = ["yyyy-MM-dd'T'HH:mm:sszzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzzz", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>The platform's <c>2022-03-25T11:08:45+0000</c>; any ISO 8601 date-time with an offset is taken too.</summary>
    private static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // .NET reads offsets as +00:00; the platform writes +0000.
        var normalized = text.Length > 5 && text[^5] is '+' or '-' && char.IsAsciiDigit(text[^4]) && char.IsAsciiDigit(text[^3])
            && char.IsAsciiDigit(text[^2]) && char.IsAsciiDigit(text[^1])
            ? string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2))
            : text;
        return DateTimeOffset.TryParseExact(normalized, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }
}
