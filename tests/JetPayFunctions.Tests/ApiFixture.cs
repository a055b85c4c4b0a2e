using System.Collections.Concurrent;
using Azure.Storage.Queues;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

/// <summary>
/// One Azurite and one <c>func start</c> for the HTTP tests, which take turns (an xunit collection). The notification
/// function is switched off (<c>AzureWebJobs.SendPaymentNotification.Disabled</c>), so what the callbacks queue stays
/// on the queue for the tests to read.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string PreviousSecretKey = "the-secret-before-the-rotation";
    public const string DemoPage = "http://localhost:5173";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<PaymentNotification>> _queued = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _draining = new(1, 1);
    private AzuriteServer? _azurite;
    private AppUnderTest? _app;

    public AppUnderTest App => _app ?? throw new InvalidOperationException("The app is not started.");

    public string ConnectionString => _azurite!.ConnectionString;

    /// <summary>The app, its JetPay stand-in back to issuing QR codes with no requests recorded: each test starts clean.</summary>
    public AppUnderTest Fresh()
    {
        App.JetPay.Reset();
        return App;
    }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        _app = await AppUnderTest.StartAsync(
            _azurite.ConnectionString,
            new Dictionary<string, string>
            {
                ["JetPay__PreviousSecretKey"] = PreviousSecretKey,
                // A slow JetPay (5 s) answers 504 within seconds; an attempt still gets 2 s, so that on a loaded machine a
                // 300 ms JetPay is not retried (a retry is a second generate-qr, which the concurrency tests count).
                ["JetPay__Timeout"] = "00:00:02",
                ["JetPay__TotalTimeout"] = "00:00:04",
                ["AzureWebJobs.SendPaymentNotification.Disabled"] = "true",
            },
            new FunctionsHostOptions { Cors = DemoPage + ",http://127.0.0.1:5173" });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _draining.Dispose();
    }

    /// <summary>Every notification queued for the payment so far, in order (the queue is drained into a record).</summary>
    public async Task<IReadOnlyList<PaymentNotification>> QueuedForAsync(string paymentId)
    {
        await _draining.WaitAsync();
        try
        {
            var queue = new QueueClient(ConnectionString, StorageNames.NotificationQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            while (true)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    var notification = PaymentNotification.FromJson(message.Body.ToString());
                    _queued.GetOrAdd(notification.PaymentId, _ => new()).Enqueue(notification);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }
        finally
        {
            _draining.Release();
        }

        return _queued.TryGetValue(paymentId, out var queued) ? queued.ToList() : [];
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "func start: the HTTP API";
}
