using System.Text;
using System.Text.Json.Nodes;
using JetPay.PaymentPage;

namespace JetPay.Testing;

/// <summary>Callbacks in the format of JetPay's documentation, signed as the platform signs them.</summary>
public static class SignedCallbacks
{
    private static int _operationId = 1000;

    public static JsonObject Purchase(string paymentId, string status, long amount = 10000, string currency = "KZT", long projectId = 123) => new()
    {
        ["project_id"] = projectId,
        ["payment"] = new JsonObject
        {
            ["id"] = paymentId,
            ["type"] = "purchase",
            ["status"] = status,
            ["date"] = "2026-11-28T11:08:45+0000",
            ["method"] = "mobile",
            ["sum"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
            ["description"] = "",
        },
        ["customer"] = new JsonObject { ["id"] = "customer_123" },
        ["operation"] = new JsonObject
        {
            ["id"] = Interlocked.Increment(ref _operationId),
            ["type"] = "sale",
            ["status"] = status,
            ["date"] = "2026-11-28T11:08:45+0000",
            ["created_date"] = "2026-11-28T11:08:05+0000",
            ["request_id"] = Guid.NewGuid().ToString("N"),
            ["sum_initial"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
            ["sum_converted"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
            ["code"] = status == "success" ? "0" : "20101",
            ["message"] = status == "success" ? "Success" : "Declined",
            ["provider"] = new JsonObject { ["id"] = 12345, ["payment_id"] = "123abc123-321", ["auth_code"] = "" },
        },
    };

    /// <summary>The body as JetPay would post it: the payload with its signature added.</summary>
    public static byte[] Sign(JsonObject payload, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var copy = (JsonObject)payload.DeepClone();
        PaymentPageSignature.AddSignature(copy, secretKey);
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }
}
