using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

/// <summary>Reads and storage look-ups the API tests share (the requests themselves: <see cref="AppRequests"/>).</summary>
public static class PaymentApi
{
    /// <summary>Creates a payment for a new order and returns its id.</summary>
    public static async Task<string> CreatePaymentAsync(this HttpClient client, long amount = 10000)
    {
        var paymentId = AppRequests.NewPaymentId();
        using var created = await client.CreateAsync(AppRequests.Order(paymentId, amount));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return paymentId;
    }

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
        var table = new TableClient(connectionString, JetPay.Payments.Storage.StorageNames.PaymentsTable);
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == paymentId))
        {
            rows++;
        }

        var blob = new BlobClient(connectionString, JetPay.Payments.Storage.StorageNames.QrCodeContainer, paymentId + ".png");
        return (rows, await blob.ExistsAsync());
    }

    public static string Text(this JsonObject json, string name) => json[name]!.GetValue<string>();

    public static JsonElement AsElement(this JsonNode node) => JsonSerializer.SerializeToElement(node);
}
