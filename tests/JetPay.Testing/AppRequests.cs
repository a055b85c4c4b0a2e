using System.Text.Json.Nodes;

namespace JetPay.Testing;

/// <summary>The app's own HTTP requests as the tests and the load suite send them: an order, a callback.</summary>
public static class AppRequests
{
    public static JsonObject Order(string? paymentId = null, long amount = 10000, string currency = "KZT") => new()
    {
        ["paymentId"] = paymentId ?? NewPaymentId(),
        ["amount"] = amount,
        ["currency"] = currency,
        ["customer"] = new JsonObject
        {
            ["id"] = "customer_123",
            ["firstName"] = "John",
            ["lastName"] = "Doe",
            ["email"] = "johndoe@example.com",
        },
        ["description"] = "Order from the tests",
    };

    public static string NewPaymentId() => "order-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Asks the app for a QR payment (<c>POST /api/payments/qr</c>).</summary>
    public static Task<HttpResponseMessage> CreateAsync(this HttpClient client, JsonNode order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return client.PostAsync(new Uri("/api/payments/qr", UriKind.Relative), new StringContent(order.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
    }

    /// <summary>Posts a callback body as JetPay does.</summary>
    public static Task<HttpResponseMessage> PostCallbackAsync(this HttpClient client, byte[] body) =>
        client.PostAsync(new Uri("/api/jetpay/callback", UriKind.Relative), new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
}
