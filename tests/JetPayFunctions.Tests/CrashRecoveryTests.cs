using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

/// <summary>
/// A storm of callbacks (duplicates and out-of-order statuses mixed in) while <c>func</c> and its worker are killed
/// (SIGKILL to the process group) at random points and started again. JetPay delivers each callback until it gets 200, as the platform does.
/// Afterwards every callback is stored exactly once, every payment has the right status, and every paid payment's
/// notification reached the queue.
/// </summary>
public sealed class CrashRecoveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Payments = 24;
    private const int Kills = 4;

    [Fact]
    public async Task Killing_the_app_during_a_callback_storm_loses_nothing_and_doubles_nothing()
    {
        await using var jetPay = await LoopbackPaymentPage.StartAsync(AppUnderTest.SecretKey);
        await using var app = new FunctionsHost(new Dictionary<string, string>(AppUnderTest.BaseSettings(azurite.ConnectionString, jetPay.BaseUri))
        {
            // Keep notifications on the queue for the audit; this test is about the callback side.
            ["AzureWebJobs.SendPaymentNotification.Disabled"] = "true",
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var paymentIds = new List<string>();
        for (var i = 0; i < Payments; i++)
        {
            var paymentId = AppRequests.NewPaymentId();
            using var created = await client.CreateAsync(AppRequests.Order(paymentId));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            paymentIds.Add(paymentId);
        }

        // Per payment: in-progress statuses, the success, and late in-progress ones after it; each delivered twice.
        var random = new Random(7);
        var callbacks = paymentIds
            .SelectMany(id => new[] { "processing", "awaiting customer", "success", "processing" }
                .Select(status => (PaymentId: id, Status: status, Body: SignedCallbacks.Sign(SignedCallbacks.Purchase(id, status), AppUnderTest.SecretKey))))
            .ToList();
        var deliveries = callbacks.Concat(callbacks).OrderBy(_ => random.Next()).ToList();

        using var storm = new CancellationTokenSource();
        var killer = KillRepeatedlyAsync(app, new Random(11), storm.Token);
        var delivered = await Task.WhenAll(deliveries.Chunk(deliveries.Count / 8).Select(chunk => DeliverAllAsync(client, chunk.Select(d => d.Body))));
        await storm.CancelAsync();
        var kills = await killer;

        Assert.True(kills > 0, "the app was never killed during the storm");
        Assert.Equal(deliveries.Count, delivered.Sum());

        var ledger = new CallbackLedger(new TableClient(azurite.ConnectionString, StorageNames.PaymentsTable), TimeProvider.System);
        foreach (var paymentId in paymentIds)
        {
            var stored = await ledger.CallbacksAsync(paymentId, CancellationToken.None);
            var sent = callbacks.Where(c => c.PaymentId == paymentId).Select(c => Convert.ToBase64String(c.Body)).Order().ToList();
            Assert.Equal(sent, stored.Select(c => Convert.ToBase64String(c.RawBody)).Order().ToList());

            using var read = await client.GetAsync($"/api/payments/{paymentId}");
            Assert.Equal("success", (await read.ReadJsonAsync()).Text("status"));
        }

        var queued = await QueuedNotificationsAsync();
        foreach (var paymentId in paymentIds)
        {
            Assert.Contains(queued, n => n.PaymentId == paymentId && n.ReportedStatus == "success");
        }

        Assert.All(queued.Where(n => paymentIds.Contains(n.PaymentId)), n => Assert.Equal("success", n.ReportedStatus));
    }

    /// <summary>Like JetPay: repeat each callback until it is answered 200.</summary>
    private static async Task<int> DeliverAllAsync(HttpClient client, IEnumerable<byte[]> bodies)
    {
        var delivered = 0;
        foreach (var body in bodies)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await client.PostCallbackAsync(body);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        delivered++;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // the app is down: JetPay tries again later
                }

                Assert.True(attempt < 600, "a callback was never accepted");
                await Task.Delay(50);
            }
        }

        return delivered;
    }

    private static async Task<int> KillRepeatedlyAsync(FunctionsHost app, Random random, CancellationToken stop)
    {
        var kills = 0;
        while (kills < Kills && !stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(random.Next(50, 300), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await app.KillAsync();
            kills++;
            await app.StartAsync();
        }

        return kills;
    }

    private async Task<List<PaymentNotification>> QueuedNotificationsAsync()
    {
        var queue = new QueueClient(azurite.ConnectionString, StorageNames.NotificationQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var notifications = new List<PaymentNotification>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                return notifications;
            }

            notifications.AddRange(batch.Select(m => PaymentNotification.FromJson(m.Body.ToString())));
        }
    }
}
