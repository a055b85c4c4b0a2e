using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using JetPay.PaymentPage;
using JetPay.Payments.Configuration;

namespace JetPay.Payments.Payments;

/// <summary>The body of <c>POST /api/payments/qr</c>, and its one mapping to the request JetPay gets.</summary>
public sealed record CreateQrPaymentRequest
{
    private static readonly Dictionary<string, string> ApiFieldByProtocolField = new(StringComparer.Ordinal)
    {
        ["payment_id"] = "paymentId",
        ["payment_amount"] = "amount",
        ["payment_currency"] = "currency",
        ["customer_id"] = "customer.id",
        ["customer_first_name"] = "customer.firstName",
        ["customer_last_name"] = "customer.lastName",
        ["customer_email"] = "customer.email",
        ["payment_description"] = "description",
        ["language_code"] = "languageCode",
    };

    public string? PaymentId { get; init; }

    /// <summary>In minor units of <see cref="Currency"/> (10000 KZT is 100.00 KZT).</summary>
    public long? Amount { get; init; }

    public string? Currency { get; init; }

    public CustomerDetails? Customer { get; init; }

    public string? Description { get; init; }

    public string? LanguageCode { get; init; }

    /// <summary>RFC 3339, with an offset (<c>2026-12-06T12:30:00Z</c>); when the payment stops taking money. Sent to JetPay as <c>best_before</c>, to the second.</summary>
    public string? ExpiresAt { get; init; }

    /// <summary>The merchant's own data: string keys and values, kept with the payment and never sent to JetPay.</summary>
    public Dictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>Most keys <see cref="Metadata"/> may have.</summary>
    public const int MaxMetadataKeys = 20;

    /// <summary>Longest metadata key, in characters.</summary>
    public const int MaxMetadataKeyLength = 40;

    /// <summary>Longest metadata value, in characters.</summary>
    public const int MaxMetadataValueLength = 500;

    /// <summary>The soonest an explicit <see cref="ExpiresAt"/> may be from now.</summary>
    public static readonly TimeSpan MinExpiry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The valid order, with the purchase request JetPay gets for it, or every problem the request has. The rules are the
    /// protocol's own (<see cref="QrPurchaseRequest.Validate"/>), applied once and reported under this contract's field
    /// names; only what the protocol cannot see is checked here: a field left out of the JSON, and the app's stricter
    /// payment id.
    /// </summary>
    public bool TryCreateOrder(long projectId, DateTimeOffset now, PaymentsOptions options, [NotNullWhen(true)] out PaymentOrder? order, out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<FieldError>();
        var requestedExpiry = ReadExpiry(problems, now, options.MaxExpiry);
        var metadata = ReadMetadata(problems);

        // The property is the client's text; Payments.PaymentId is the app's id type.
        var paymentId = Payments.PaymentId.New();
        if (PaymentId is not null && !Payments.PaymentId.TryParse(PaymentId, out paymentId))
        {
            problems.Add(new("paymentId", $"must be 1 to {Payments.PaymentId.MaxLength} letters, digits, '-', '_' or '.', not starting with '.'"));
        }

        Require(problems, Amount, "amount");
        Require(problems, Currency, "currency");
        Require(problems, Customer, "customer");
        if (Customer is { } customer)
        {
            Require(problems, customer.Id, "customer.id");
            Require(problems, customer.FirstName, "customer.firstName");
            Require(problems, customer.LastName, "customer.lastName");
            Require(problems, customer.Email, "customer.email");
        }

        var purchase = new QrPurchaseRequest
        {
            ProjectId = projectId,
            PaymentId = paymentId.Value ?? "",
            Amount = Amount ?? 0,
            Currency = Currency ?? "",
            CustomerId = Customer?.Id ?? "",
            CustomerFirstName = Customer?.FirstName ?? "",
            CustomerLastName = Customer?.LastName ?? "",
            CustomerEmail = Customer?.Email ?? "",
            PaymentDescription = Description,
            LanguageCode = LanguageCode,
            BestBefore = requestedExpiry ?? WholeSeconds(now + options.DefaultExpiry),
        };

        foreach (var error in purchase.Validate())
        {
            var field = ApiFieldByProtocolField.GetValueOrDefault(error.Field, error.Field);
            if (!problems.Exists(p => p.Field == field || field.StartsWith(p.Field + ".", StringComparison.Ordinal)))
            {
                problems.Add(error with { Field = field });
            }
        }

        errors = problems;
        order = problems.Count == 0 ? new PaymentOrder(purchase, metadata, Payment.FingerprintOf(purchase, requestedExpiry, metadata)) : null;
        return order is not null;
    }

    // JetPay takes best_before to the second; the app expires the payment at the same moment.
    private static DateTimeOffset WholeSeconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    private DateTimeOffset? ReadExpiry(List<FieldError> problems, DateTimeOffset now, TimeSpan maxExpiry)
    {
        if (ExpiresAt is null)
        {
            return null;
        }

        if (!Rfc3339.TryParse(ExpiresAt, out var parsed))
        {
            problems.Add(new("expiresAt", "must be an RFC 3339 date and time with an offset, such as 2026-12-06T12:30:00Z", "expires_at_unparseable"));
            return null;
        }

        var expiry = WholeSeconds(parsed);
        if (expiry <= now)
        {
            problems.Add(new("expiresAt", "is in the past", "expires_at_in_past"));
        }
        else if (expiry < now + MinExpiry)
        {
            problems.Add(new("expiresAt", $"must be at least {MinExpiry.TotalMinutes:0} minute from now", "expires_at_too_soon"));
        }
        else if (expiry > now + maxExpiry)
        {
            problems.Add(new("expiresAt", $"must be at most {maxExpiry:c} from now", "expires_at_too_far"));
        }

        return expiry;
    }

    private Dictionary<string, string> ReadMetadata(List<FieldError> problems)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Metadata is null)
        {
            return metadata;
        }

        if (Metadata.Count > MaxMetadataKeys)
        {
            problems.Add(new("metadata", $"must have at most {MaxMetadataKeys} keys", "metadata_too_many_keys"));
        }

        foreach (var (key, value) in Metadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength)
            {
                problems.Add(new("metadata", $"keys must be 1 to {MaxMetadataKeyLength} characters", "metadata_key_too_long"));
            }
            else if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new($"metadata.{key}", "must be a string", "metadata_value_not_string"));
            }
            else if (value.GetString()!.Length > MaxMetadataValueLength)
            {
                problems.Add(new($"metadata.{key}", $"must be at most {MaxMetadataValueLength} characters", "metadata_value_too_long"));
            }
            else
            {
                metadata[key] = value.GetString()!;
            }
        }

        return metadata;
    }

    private static void Require(List<FieldError> problems, object? value, string field)
    {
        if (value is null)
        {
            problems.Add(new FieldError(field, "is required"));
        }
    }
}

public sealed record CustomerDetails
{
    public string? Id { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Email { get; init; }
}
