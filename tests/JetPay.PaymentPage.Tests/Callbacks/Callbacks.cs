using System.Text;
using System.Text.Json.Nodes;

namespace JetPay.PaymentPage.Tests.Callbacks;

/// <summary>Callback bodies for tests, signed as the platform signs them.</summary>
internal static class Callbacks
{
    public const string Key = "callback-secret";

    /// <summary>The successful purchase callback of JetPay's QR payment page, without its signature.</summary>
    public const string DocumentedSuccess = """
        {
            "project_id": 123,
            "payment": {
                "id": "payment_47",
                "type": "purchase",
                "status": "success",
                "date": "2022-03-25T11:08:45+0000",
                "method": "mobile",
                "sum": { "amount": 10000, "currency": "KZT" },
                "description": ""
            },
            "customer": { "id": "customer_123" },
            "operation": {
                "id": 28,
                "type": "sale",
                "status": "success",
                "date": "2022-03-25T11:08:45+0000",
                "created_date": "2022-03-25T11:08:05+0000",
                "request_id": "9e32835fb27907e0b085636c5117242b5cf60a4e17839",
                "sum_initial": { "amount": 10000, "currency": "KZT" },
                "sum_converted": { "amount": 10000, "currency": "KZT" },
                "code": "0",
                "message": "Success",
                "provider": { "id": 12345, "payment_id": "123abc123-321", "auth_code": "" }
            }
        }
        """;

    public static byte[] Signed(string json, string key = Key)
    {
        var payload = JsonNode.Parse(json)!.AsObject();
        PaymentPageSignature.AddSignature(payload, key);
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }
}
