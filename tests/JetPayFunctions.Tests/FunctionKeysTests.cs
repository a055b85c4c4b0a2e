using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

/// <summary>
/// With keys on (<c>func start --enableAuth</c>, as in Azure) the two payment endpoints ask for a function key and the
/// callback, which JetPay calls with no key, stays anonymous: its signature is its authentication.
/// </summary>
public sealed class FunctionKeysTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private AppUnderTest _app = null!;

    public async Task InitializeAsync() =>
        _app = await AppUnderTest.StartAsync(azurite.ConnectionString, options: new FunctionsHostOptions { EnableAuth = true });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_payment_endpoints_answer_401_without_a_key_and_nothing_is_created()
    {
        var order = AppRequests.Order();

        using var create = await _app.Client.CreateAsync(order);
        using var read = await _app.Client.GetAsync($"/api/payments/{order.Text("paymentId")}");

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Empty(_app.JetPay.Requests);
        Assert.Equal((0, false), await PaymentApi.StoredAsync(azurite.ConnectionString, order.Text("paymentId")));
    }

    [Fact]
    public async Task The_payment_endpoints_work_with_the_host_s_function_key()
    {
        var key = await DefaultFunctionKeyAsync();
        var order = AppRequests.Order();

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/payments/qr") { Content = JsonContent(order) };
        create.Headers.Add("x-functions-key", key);
        using var created = await _app.Client.SendAsync(create);
        using var read = await _app.Client.GetAsync($"/api/payments/{order.Text("paymentId")}?code={Uri.EscapeDataString(key)}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("pending", (await read.ReadJsonAsync()).Text("status"));
    }

    [Fact]
    public async Task The_callback_needs_no_key_only_its_signature()
    {
        var paymentId = AppRequests.NewPaymentId();

        using var signed = await _app.Client.PostCallbackAsync(SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey));
        using var unsigned = await _app.Client.PostCallbackAsync(System.Text.Encoding.UTF8.GetBytes(SignedCallbacks.Purchase(paymentId, "success").ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode); // refused by the app for its signature, not by the host
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    // The host keeps its keys in the storage account (azure-webjobs-secrets), made the first time a request carries a
    // key; key encryption is off locally, so the value is stored as it is.
    private async Task<string> DefaultFunctionKeyAsync()
    {
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, $"/api/payments/{AppRequests.NewPaymentId()}");
        wrongKey.Headers.Add("x-functions-key", "not-a-key");
        using (var refused = await _app.Client.SendAsync(wrongKey))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var secrets = new BlobContainerClient(azurite.ConnectionString, "azure-webjobs-secrets");
        string? key = null;
        await Eventually.UntilAsync(
            async () =>
            {
                if (!await secrets.ExistsAsync())
                {
                    return false;
                }

                await foreach (var blob in secrets.GetBlobsAsync())
                {
                    if (blob.Name.EndsWith("/host.json", StringComparison.Ordinal))
                    {
                        var content = (await secrets.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                        key = (string?)JsonNode.Parse(content)?["functionKeys"]?.AsArray().FirstOrDefault()?["value"];
                    }
                }

                return key is not null;
            },
            "the host's function keys in storage",
            TimeSpan.FromSeconds(30));
        return key!;
    }
}
