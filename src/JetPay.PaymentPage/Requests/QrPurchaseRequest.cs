using System.Collections.ObjectModel;
using System.Globalization;

namespace JetPay.PaymentPage;

/// <summary>
/// A request for a QR code that opens the Payment Page for one purchase (<c>GET /payment/generate-qr</c>).
/// </summary>
/// <remarks>See <see cref="Validate"/> for the rules each field must meet before it is sent.</remarks>
public sealed record QrPurchaseRequest
{
    /// <summary><c>project_id</c>: the project id JetPay issued.</summary>
    public required long ProjectId { get; init; }

    /// <summary><c>payment_id</c>: the payment's id, unique within the project.</summary>
    public required string PaymentId { get; init; }

    /// <summary><c>payment_currency</c>: ISO 4217 alpha-3 code, e.g. <c>KZT</c>.</summary>
    public required string Currency { get; init; }

    /// <summary><c>payment_amount</c>: in minor units of <see cref="Currency"/> (100.00 KZT is 10000).</summary>
    public required long Amount { get; init; }

    /// <summary><c>customer_id</c>: the customer's id within the project.</summary>
    public required string CustomerId { get; init; }

    /// <summary><c>customer_first_name</c>.</summary>
    public required string CustomerFirstName { get; init; }

    /// <summary><c>customer_last_name</c>.</summary>
    public required string CustomerLastName { get; init; }

    /// <summary><c>customer_email</c>: a bare address, no display name.</summary>
    public required string CustomerEmail { get; init; }

    /// <summary><c>payment_description</c>, shown to the customer; optional.</summary>
    public string? PaymentDescription { get; init; }

    /// <summary><c>language_code</c>: ISO 639-1, two letters (<c>en</c>, <c>ru</c>, <c>kk</c>); optional.</summary>
    public string? LanguageCode { get; init; }

    /// <summary>
    /// <c>best_before</c>: until when the customer can pay; optional. Sent in the platform's ISO 8601 format
    /// <c>yyyy-MM-ddTHH:mm:ss+0000</c>, converted to UTC, to the second.
    /// </summary>
    public DateTimeOffset? BestBefore { get; init; }

    /// <summary>
    /// Further Payment Page parameters, passed through as they are; they may not repeat a parameter this record
    /// types, nor <c>signature</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> AdditionalParameters { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Every problem with the request, each naming its protocol field; empty when it can be sent.</summary>
    /// <remarks>
    /// The rules: <c>project_id</c> and <c>payment_amount</c> positive; <c>payment_currency</c> a code of
    /// <see cref="PaymentPage.Currency"/>; <c>payment_id</c> 1–255 printable ASCII characters without spaces;
    /// <c>customer_id</c> 1–255 characters; first and last name not blank, at most 255 characters;
    /// <c>customer_email</c> a bare address (no display name) of at most 255 characters; <c>payment_description</c>
    /// at most 1024 characters; <c>language_code</c> two ASCII letters. No value may contain <c>;</c> (the protocol's
    /// separator) or control characters. Additional parameters need names of ASCII letters, digits and <c>_</c>.
    /// </remarks>
    public IReadOnlyList<FieldError> Validate() => QrPurchaseRequestValidator.Validate(this);

    /// <summary>
    /// The parameters to send, by protocol name, with raw (unencoded) values and without <c>signature</c>:
    /// the typed ones first, then <see cref="AdditionalParameters"/> by name. Optional values that are null or
    /// empty are left out.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToParameters()
    {
        var parameters = new List<KeyValuePair<string, string>>(12 + AdditionalParameters.Count)
        {
            new(PaymentPageParameters.ProjectId, ProjectId.ToString(CultureInfo.InvariantCulture)),
            new(PaymentPageParameters.PaymentId, PaymentId),
            new(PaymentPageParameters.PaymentCurrency, Currency),
            new(PaymentPageParameters.PaymentAmount, Amount.ToString(CultureInfo.InvariantCulture)),
            new(PaymentPageParameters.CustomerId, CustomerId),
            new(PaymentPageParameters.CustomerFirstName, CustomerFirstName),
            new(PaymentPageParameters.CustomerLastName, CustomerLastName),
            new(PaymentPageParameters.CustomerEmail, CustomerEmail),
        };

        AddIfPresent(parameters, PaymentPageParameters.PaymentDescription, PaymentDescription);
        AddIfPresent(parameters, PaymentPageParameters.LanguageCode, LanguageCode);
        if (BestBefore is { } bestBefore)
        {
            parameters.Add(new(PaymentPageParameters.BestBefore, FormatBestBefore(bestBefore)));
        }

        parameters.AddRange(AdditionalParameters.OrderBy(parameter => parameter.Key, StringComparer.Ordinal));
        return parameters;
    }

    internal static string FormatBestBefore(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);

    private static void AddIfPresent(List<KeyValuePair<string, string>> parameters, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parameters.Add(new(name, value));
        }
    }
}
