using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JetPay.Sandbox;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.DependencyInjection;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace JetPayFunctions.Tests;

/// <summary>Storage goes away in the middle of the flow and comes back with the same data.</summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    // Azurite writes its tables to disk every few seconds; a write younger than that dies with a SIGKILL,
    // which real storage never does once it answered. Waiting keeps the test about outages, not lost writes.
    private static readonly TimeSpan AzuriteFlushInterval = TimeSpan.FromSeconds(6);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "azurite-outage-" + Guid.NewGuid().ToString("N"));
    private readonly (int Blob, int Queue, int Table) _ports = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
    private AzuriteServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await StartAzuriteAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Task<AzuriteServer> StartAzuriteAsync() =>
        AzuriteServer.StartAsync(_ports.Blob, _ports.Queue, _ports.Table, _dataDirectory);

    [Fact]
    public async Task A_callback_the_sandbox_posts_during_a_storage_outage_is_redelivered_by_it_and_completes_once_storage_is_back()
    {
        var appPort = FreePorts.Next();
        await using var sandbox = SandboxApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                $"--Sandbox:ProjectId={AppUnderTest.ProjectId}",
                $"--Sandbox:SecretKey={AppUnderTest.SecretKey}",
                $"--Sandbox:CallbackUrl=http://127.0.0.1:{appPort}/api/jetpay/callback",
                "--Sandbox:RetryScale=0.05", // JetPay's 10-second retries every half second
            ],
            builder => builder.Logging.ClearProviders());
        await sandbox.StartAsync();
        using var control = new HttpClient { BaseAddress = sandbox.BaseAddress() };
        await using var app = await AppUnderTest.StartAsync(
            _azurite.ConnectionString,
            new Dictionary<string, string>
            {
                ["JetPay__BaseUrl"] = sandbox.BaseAddress().ToString(),
                ["AzureWebJobs.SendPaymentNotification.Disabled"] = "true", // what was queued stays for the check
            },
            new FunctionsHostOptions { Port = appPort });
        var paymentId = AppRequests.NewPaymentId();
        using (var created = await app.Client.CreateAsync(AppRequests.Order(paymentId)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode); // the QR code came from the sandbox
        }

        await Task.Delay(AzuriteFlushInterval);
        await _azurite.DisposeAsync();
        using (var paid = await control.PostAsJsonAsync($"/sandbox/payments/{paymentId}/complete", new { status = "success" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, paid.StatusCode);
        }

        await Eventually.UntilAsync(async () => Attempts(await DeliveryAsync(control, paymentId)).Count >= 2, "two failed deliveries", TimeSpan.FromSeconds(60));
        _azurite = await StartAzuriteAsync();
        await Eventually.UntilAsync(async () => (await DeliveryAsync(control, paymentId)).GetProperty("state").GetString() == "delivered", "the delivery to succeed", TimeSpan.FromSeconds(60));

        var statusCodes = Attempts(await DeliveryAsync(control, paymentId));
        Assert.Equal(200, statusCodes[^1]);
        Assert.All(statusCodes[..^1], code => Assert.Equal(503, code));
        Assert.Equal("success", await app.Client.StatusAsync(paymentId));
        Assert.Single(await app.Storage.GetRequiredService<CallbackLedger>().CallbacksAsync(paymentId, CancellationToken.None));
        var queue = new QueueClient(_azurite.ConnectionString, StorageNames.NotificationQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queued = (await queue.PeekMessagesAsync(32)).Value.Select(m => PaymentNotification.FromJson(m.Body.ToString()));
        Assert.Equal([new PaymentNotification(paymentId, "success")], queued.Select(n => n with { IntakeKey = null }));
    }

    private static async Task<JsonElement> DeliveryAsync(HttpClient control, string paymentId) =>
        Assert.Single((await control.GetFromJsonAsync<JsonElement>($"/sandbox/deliveries?paymentId={paymentId}")).EnumerateArray());

    private static List<int> Attempts(JsonElement delivery) =>
        delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).ToList();

    [Fact]
    public async Task Creating_a_payment_during_a_storage_outage_fails_without_calling_jetpay_and_a_retry_succeeds()
    {
        await using var app = await AppUnderTest.StartAsync(_azurite.ConnectionString);
        await Task.Delay(AzuriteFlushInterval);
        await _azurite.DisposeAsync();
        var order = AppRequests.Order();

        using (var duringOutage = await app.Client.CreateAsync(order))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, duringOutage.StatusCode);
        }

        Assert.Empty(app.JetPay.Requests);
        _azurite = await StartAzuriteAsync();
        using var retried = await app.Client.CreateAsync(order);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Single(app.JetPay.Requests);
    }

}
