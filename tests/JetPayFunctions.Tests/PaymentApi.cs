using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace JetPayFunctions.Tests;

/// <summary>Requests and storage look-ups the API tests share.</summary>
public static class PaymentApi
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

    public static Task<HttpResponseMessage> CreateAsync(this HttpClient client, JsonNode order) =>
        client.PostAsync("/api/payments/qr", new StringContent(order.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Creates a payment for a new order and returns its id.</summary>
    public static async Task<string> CreatePaymentAsync(this HttpClient client, long amount = 10000)
    {
        var paymentId = NewPaymentId();
        using var created = await client.CreateAsync(Order(paymentId, amount));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return paymentId;
    }

    /// <summary>Posts a callback body as JetPay does.</summary>
    public static Task<HttpResponseMessage> PostCallbackAsync(this HttpClient client, byte[] body) =>
        client.PostAsync("/api/jetpay/callback", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });

    public static async Task<string> StatusAsync(this HttpClient client, string paymentId)
    {
        using var response = await client.GetAsync($"/api/payments/{paymentId}");
        return (await response.ReadJsonAsync()).Text("status");
    }

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;

    /// <summary>Every row stored for the payment id, and whether its QR code blob exists.</summary>
    public static async Task<(int Rows, bool QrCodeExists)> StoredAsync(string connectionString, string paymentId)
    {
        var table = new TableClient(connectionString, "Payments");
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == paymentId))
        {
            rows++;
        }

        var blob = new BlobClient(connectionString, "qr-codes", paymentId + ".png");
        return (rows, await blob.ExistsAsync());
    }

    public static string Text(this JsonObject json, string name) => json[name]!.GetValue<string>();

    public static JsonElement AsElement(this JsonNode node) => JsonSerializer.SerializeToElement(node);
}
