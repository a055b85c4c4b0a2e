using System.Text.Json;

namespace JetPay.PaymentPage;

/// <summary>
/// A callback from the platform: the fields the product uses, typed, and the raw JSON for everything else.
/// Obtain it from <see cref="CallbackSignature.VerifyAndParse"/>, which verifies the signature first.
/// </summary>
/// <remarks>
/// Reading is lenient: unknown fields are ignored, absent ones are <see langword="null"/>, numbers may come as strings
/// and ids as numbers or strings. Only <c>payment.id</c> is required.
/// </remarks>
public sealed class PaymentCallback
{
    /// <summary>The body as received (after UTF-8 decoding).</summary>
    public required string RawJson { get; init; }

    /// <summary><c>project_id</c>.</summary>
    public long? ProjectId { get; init; }

    /// <summary><c>payment</c>.</summary>
    public required CallbackPayment Payment { get; init; }

    /// <summary><c>customer</c>.</summary>
    public CallbackCustomer? Customer { get; init; }

    /// <summary><c>operation</c>.</summary>
    public CallbackOperation? Operation { get; init; }

    /// <summary>
    /// Reads callback JSON WITHOUT checking its signature: only for JSON that was verified before (stored after
    /// <see cref="CallbackSignature.VerifyAndParse"/>, or built in a test).
    /// </summary>
    /// <exception cref="CallbackRejectedException">
    /// <see cref="CallbackRejection.MalformedJson"/> or <see cref="CallbackRejection.MissingPaymentId"/>.
    /// </exception>
    public static PaymentCallback Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!CallbackSignature.TryParseDocument(json, out var document))
        {
            throw new CallbackRejectedException(CallbackRejection.MalformedJson);
        }

        using (document)
        {
            return FromJson(json, document.RootElement) ?? throw new CallbackRejectedException(CallbackRejection.MissingPaymentId);
        }
    }

    /// <summary>The typed view of a callback object, or <see langword="null"/> when <c>payment.id</c> is absent or empty.</summary>
    internal static PaymentCallback? FromJson(string rawJson, JsonElement root)
    {
        if (CallbackJson.Object(root, "payment") is not { } payment
            || CallbackJson.String(payment, "id") is not { } paymentId
            || string.IsNullOrWhiteSpace(paymentId))
        {
            return null;
        }

        var date = CallbackJson.String(payment, "date");
        return new PaymentCallback
        {
            RawJson = rawJson,
            ProjectId = CallbackJson.Int64(root, "project_id"),
            Payment = new CallbackPayment
            {
                Id = paymentId,
                Type = CallbackJson.String(payment, "type"),
                Status = PaymentStatus.Parse(CallbackJson.String(payment, "status")),
                Date = date,
                DateParsed = CallbackJson.Date(date),
                Method = CallbackJson.String(payment, "method"),
                Sum = CallbackJson.Sum(payment, "sum"),
                Description = CallbackJson.String(payment, "description"),
            },
            Customer = CallbackJson.Object(root, "customer") is { } customer
                ? new CallbackCustomer { Id = CallbackJson.String(customer, "id") }
                : null,
            Operation = CallbackJson.Object(root, "operation") is { } operation ? ReadOperation(operation) : null,
        };
    }

    private static CallbackOperation ReadOperation(JsonElement operation) => new()
    {
        Id = CallbackJson.Int64(operation, "id"),
        Type = CallbackJson.String(operation, "type"),
        Status = CallbackJson.String(operation, "status"),
        Date = CallbackJson.String(operation, "date"),
        CreatedDate = CallbackJson.String(operation, "created_date"),
        RequestId = CallbackJson.String(operation, "request_id"),
        SumInitial = CallbackJson.Sum(operation, "sum_initial"),
        SumConverted = CallbackJson.Sum(operation, "sum_converted"),
        Code = CallbackJson.String(operation, "code"),
        Message = CallbackJson.String(operation, "message"),
        Provider = CallbackJson.Object(operation, "provider") is { } provider
            ? new CallbackProvider
            {
                Id = CallbackJson.Int64(provider, "id"),
                PaymentId = CallbackJson.String(provider, "payment_id"),
                AuthCode = CallbackJson.String(provider, "auth_code"),
            }
            : null,
    };
}
