using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JetPay.PaymentPage;
using JetPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Sandbox.Tests;

/// <summary>The sandbox, started for real on a loopback port, posting its callbacks to the URL it is started with.</summary>
public sealed class SandboxUnderTest : IAsyncDisposable
{
    public const long ProjectId = 4711;
    public const string SecretKey = "sandbox-test-secret";

    private readonly WebApplication _app;

    private SandboxUnderTest(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseUri };
    }

    public Uri BaseUri { get; }

    /// <summary>A client of the sandbox that does not follow redirects.</summary>
    public HttpClient Client { get; }

    /// <param name="callbackUrl">Where callbacks go.</param>
    /// <param name="settings">More <c>Sandbox:*</c> settings, e.g. <c>["Sandbox:PublicBaseUrl"] = …</c>.</param>
    public static async Task<SandboxUnderTest> StartAsync(Uri callbackUrl, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Sandbox:ProjectId"] = ProjectId.ToString(CultureInfo.InvariantCulture),
            ["Sandbox:SecretKey"] = SecretKey,
            ["Sandbox:CallbackUrl"] = callbackUrl.AbsoluteUri,
            ["Sandbox:RetryScale"] = "0.001",
            ["Sandbox:MerchantName"] = "Tea & Cakes",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var app = SandboxApp.Build(all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray(), builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        return new SandboxUnderTest(app, app.BaseAddress());
    }

    /// <summary>The typed request the app sends, for payment <paramref name="paymentId"/> of 1 500.00 KZT.</summary>
    public static QrPurchaseRequest Purchase(string paymentId, long amount = 150000) => new()
    {
        ProjectId = ProjectId,
        PaymentId = paymentId,
        Currency = "KZT",
        Amount = amount,
        CustomerId = "customer_7",
        CustomerFirstName = "Aliya",
        CustomerLastName = "Kasymova",
        CustomerEmail = "aliya@example.com",
        PaymentDescription = "Two teas",
    };

    /// <summary>The app's own JetPay client, pointed at the sandbox.</summary>
    public PaymentPageClient PaymentPageClient(string secretKey = SecretKey) => new(
        new HttpClient(),
        Options.Create(new PaymentPageClientOptions { BaseUrl = BaseUri }),
        new StaticSecretKeyProvider(secretKey));

    /// <summary>Issues the QR code of an order through the app's own client.</summary>
    public async Task<string> IssueAsync(string paymentId, long amount = 150000)
    {
        await PaymentPageClient().GenerateQrAsync(Purchase(paymentId, amount));
        return paymentId;
    }

    /// <summary>
    /// <c>GET /payment/generate-qr</c> with the given parameters, signed with <paramref name="secretKey"/> over exactly
    /// the parameters sent.
    /// </summary>
    public Task<HttpResponseMessage> GenerateQrAsync(IEnumerable<KeyValuePair<string, string>> parameters, string secretKey = SecretKey)
    {
        var list = parameters.ToList();
        var signature = PaymentPageSignature.Sign(list.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), secretKey);
        var query = new StringBuilder();
        foreach (var (name, value) in list.Append(KeyValuePair.Create(PaymentPageParameters.Signature, signature)))
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return Client.GetAsync("/payment/generate-qr" + query);
    }

    /// <summary>Clicks a button of the checkout page (<c>pay</c>, <c>decline</c>, <c>leave</c>).</summary>
    public Task<HttpResponseMessage> ClickAsync(string paymentId, string action) =>
        Client.PostAsync($"/checkout/{ProjectId}/{Uri.EscapeDataString(paymentId)}", new FormUrlEncodedContent([KeyValuePair.Create("action", action)]));

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => Client.PostAsJsonAsync(path, body);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls <c>/sandbox/deliveries</c> until <paramref name="done"/> holds.</summary>
    public async Task<JsonElement> WaitForDeliveriesAsync(string paymentId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = await GetJsonAsync($"/sandbox/deliveries?paymentId={Uri.EscapeDataString(paymentId)}");
            if (done(deliveries))
            {
                return deliveries;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Deliveries did not settle: " + deliveries);
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
