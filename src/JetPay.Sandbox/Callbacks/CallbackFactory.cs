using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using JetPay.PaymentPage;
using JetPay.Sandbox.Payments;

namespace JetPay.Sandbox.Callbacks;

/// <summary>Callbacks in the format JetPay documents for a QR purchase, signed as the platform signs them.</summary>
internal sealed class CallbackFactory
{
    private long _operationId = 1000;

    public long NextOperationId() => Interlocked.Increment(ref _operationId);

    /// <summary>The payload of one status of one operation, without its signature.</summary>
    public static JsonObject Payload(SandboxPayment payment, string status, long amount, long operationId, DateTimeOffset date, string requestId)
    {
        JsonObject Sum() => new() { ["amount"] = amount, ["currency"] = payment.Currency.Code };
        var (code, message) = Outcome(status);
        return new JsonObject
        {
            ["project_id"] = payment.ProjectId,
            ["payment"] = new JsonObject
            {
                ["id"] = payment.PaymentId,
                ["type"] = "purchase",
                ["status"] = status,
                ["date"] = Format(date),
                ["method"] = "mobile",
                ["sum"] = Sum(),
                ["description"] = payment.Description ?? string.Empty,
            },
            ["customer"] = new JsonObject { ["id"] = payment.CustomerId },
            ["operation"] = new JsonObject
            {
                ["id"] = operationId,
                ["type"] = "sale",
                ["status"] = status,
                ["date"] = Format(date),
                ["created_date"] = Format(payment.CreatedAt),
                ["request_id"] = requestId,
                ["sum_initial"] = Sum(),
                ["sum_converted"] = Sum(),
                ["code"] = code,
                ["message"] = message,
                ["provider"] = new JsonObject
                {
                    ["id"] = 12345,
                    ["payment_id"] = $"sandbox-{operationId}",
                    ["auth_code"] = status == "success" ? operationId.ToString("D6", CultureInfo.InvariantCulture)[^6..] : string.Empty,
                },
            },
        };
    }

    /// <summary>The body to post: the payload with its <c>signature</c>, made with the key or, for a bad signature, another.</summary>
    public static string Sign(JsonObject payload, string secretKey, bool badSignature)
    {
        var copy = (JsonObject)payload.DeepClone();
        PaymentPageSignature.AddSignature(copy, badSignature ? "not-" + secretKey : secretKey);
        return copy.ToJsonString();
    }

    public static string NewRequestId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>The operation's <c>code</c> and <c>message</c>: <c>0</c> for success, sandbox codes otherwise.</summary>
    private static (string Code, string Message) Outcome(string status) => PaymentStatus.Parse(status).Value switch
    {
        "success" => ("0", "Success"),
        "processing" => ("0", "Processing"),
        "decline" => ("20000", "General decline"),
        "expired" => ("20602", "Payment expired"),
        var other => ("3000", "Sandbox status " + other),
    };

    private static string Format(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);
}
