using System.Diagnostics.CodeAnalysis;
using JetPay.PaymentPage;

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

    /// <summary>
    /// The order as JetPay gets it, or every problem the request has. The rules are the protocol's own
    /// (<see cref="QrPurchaseRequest.Validate"/>), applied once and reported under this contract's field names; only what
    /// the protocol cannot see is checked here: a field left out of the JSON, and the app's stricter payment id.
    /// </summary>
    public bool TryCreateOrder(long projectId, [NotNullWhen(true)] out QrPurchaseRequest? order, out IReadOnlyList<FieldError> errors)
    {
        var problems = new List<FieldError>();

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

        var candidate = new QrPurchaseRequest
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
        };

        foreach (var error in candidate.Validate())
        {
            var field = ApiFieldByProtocolField.GetValueOrDefault(error.Field, error.Field);
            if (!problems.Exists(p => p.Field == field || field.StartsWith(p.Field + ".", StringComparison.Ordinal)))
            {
                problems.Add(error with { Field = field });
            }
        }

        errors = problems;
        order = problems.Count == 0 ? candidate : null;
        return order is not null;
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
