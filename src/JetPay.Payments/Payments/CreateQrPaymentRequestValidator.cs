using System.Diagnostics.CodeAnalysis;
using JetPay.PaymentPage;

namespace JetPay.Payments.Payments;

/// <summary>
/// Turns an API request into the order sent to JetPay, or into every problem it has. The rules are the protocol's own
/// (<see cref="QrPurchaseRequest.Validate"/>), applied once and reported under the API's field names; only what the
/// protocol cannot see is checked here: a field left out of the JSON, and the app's stricter payment id.
/// </summary>
public static class CreateQrPaymentRequestValidator
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

    public static bool TryCreateOrder(
        CreateQrPaymentRequest request,
        long projectId,
        [NotNullWhen(true)] out QrPurchaseRequest? order,
        out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<FieldError>();

        var paymentId = PaymentId.New();
        if (request.PaymentId is not null && !PaymentId.TryParse(request.PaymentId, out paymentId))
        {
            problems.Add(new("paymentId", $"must be 1 to {PaymentId.MaxLength} letters, digits, '-', '_' or '.', not starting with '.'"));
        }

        Require(problems, request.Amount, "amount");
        Require(problems, request.Currency, "currency");
        Require(problems, request.Customer, "customer");
        if (request.Customer is { } customer)
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
            Amount = request.Amount ?? 0,
            Currency = request.Currency ?? "",
            CustomerId = request.Customer?.Id ?? "",
            CustomerFirstName = request.Customer?.FirstName ?? "",
            CustomerLastName = request.Customer?.LastName ?? "",
            CustomerEmail = request.Customer?.Email ?? "",
            PaymentDescription = request.Description,
            LanguageCode = request.LanguageCode,
        };

        foreach (var error in candidate.Validate())
        {
            var field = ApiFieldByProtocolField.GetValueOrDefault(error.Field, error.Field);
            if (!problems.Exists(p => p.Field == field || field.StartsWith(p.Field + ".", StringComparison.Ordinal)))
            {
                problems.Add(new FieldError(field, error.Message));
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
