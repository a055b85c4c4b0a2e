using System.Net;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
    public async Task A_callback_during_a_storage_outage_answers_5xx_and_jetpays_redelivery_completes_it_once()
    {
        await using var app = await LocalHostUnderTest.StartAsync(
            _azurite.ConnectionString,
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<NotificationQueue, RecordingNotificationQueue>()));
        var paymentId = PaymentApi.NewPaymentId();
        using (var created = await app.Client.CreateAsync(PaymentApi.Order(paymentId)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var callback = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), LocalHostUnderTest.SecretKey);
        await Task.Delay(AzuriteFlushInterval);
        await _azurite.DisposeAsync();

        using (var duringOutage = await app.Client.PostCallbackAsync(callback))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, duringOutage.StatusCode);
            Assert.Equal("storage_unavailable", (await duringOutage.ReadJsonAsync()).Text("code"));
        }

        _azurite = await StartAzuriteAsync();
        using var redelivered = await app.Client.PostCallbackAsync(callback);
        using var again = await app.Client.PostCallbackAsync(callback);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal("Recorded", (await redelivered.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("Duplicate", (await again.ReadJsonAsync()).Text("outcome"));
        using var read = await app.Client.GetAsync($"/api/payments/{paymentId}");
        Assert.Equal("success", (await read.ReadJsonAsync()).Text("status"));
        Assert.Single(await app.Services.GetRequiredService<CallbackLedger>().CallbacksAsync(paymentId, CancellationToken.None));

        // Both deliveries of the final status ask for the notifications; the sender sends them once (PaymentNotificationTests).
        var enqueued = ((RecordingNotificationQueue)app.Services.GetRequiredService<NotificationQueue>()).Enqueued;
        Assert.Equal([new PaymentNotification(paymentId, "success"), new PaymentNotification(paymentId, "success")], enqueued);
    }

    [Fact]
    public async Task Creating_a_payment_during_a_storage_outage_fails_without_calling_jetpay_and_a_retry_succeeds()
    {
        await using var app = await LocalHostUnderTest.StartAsync(_azurite.ConnectionString);
        await Task.Delay(AzuriteFlushInterval);
        await _azurite.DisposeAsync();
        var order = PaymentApi.Order();

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
