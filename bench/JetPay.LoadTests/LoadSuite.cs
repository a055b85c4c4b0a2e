using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JetPay.LoadTests;

/// <summary>How big a run is: per round and number of callers, QR creations and paid payments (4 callback deliveries each on average).</summary>
internal sealed record LoadSize(int QrOperations, int CallbackPayments, int[] Concurrency, int Rounds)
{
    public static LoadSize Full { get; } = new(200, 200, [1, 8, 32], 5);

    /// <summary>Small enough for CI: proves the suite and its audit work, measures nothing worth quoting.</summary>
    public static LoadSize Smoke { get; } = new(16, 8, [1, 8], 1);
}

/// <summary>
/// QR creation and callback ingestion through the app under <c>func start</c> on Azurite, each against a bare
/// Azure SDK baseline of the storage work it has to do, measured in the same run on the same machine.
/// </summary>
internal sealed class LoadSuite : IAsyncDisposable
{
    private const string Secret = "load-test-secret";
    private readonly AzuriteServer _azurite;
    private readonly LoopbackPaymentPage _jetPay;
    private readonly Dictionary<string, string> _settings;
    private readonly FunctionsHost _app;
    private readonly HttpClient _client;
    private readonly string _run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    private readonly List<string> _completedPayments = [];

    private LoadSuite(AzuriteServer azurite, LoopbackPaymentPage jetPay, Dictionary<string, string> settings, FunctionsHost app)
    {
        _azurite = azurite;
        _jetPay = jetPay;
        _settings = settings;
        _app = app;
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public List<string> AuditFailures { get; } = [];

    public static async Task<LoadSuite> StartAsync()
    {
        var azurite = await AzuriteServer.StartOnePerServiceAsync();
        var jetPay = await LoopbackPaymentPage.StartAsync(Secret);
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["JetPay__BaseUrl"] = jetPay.BaseUri.ToString(),
            ["JetPay__ProjectId"] = "123",
            ["JetPay__SecretKey"] = Secret,
        };

        // Notifications are sent after the measurements (AuditNotificationsAsync), not while they run.
        var app = new FunctionsHost(new Dictionary<string, string>(settings) { ["AzureWebJobs.SendPaymentNotification.Disabled"] = "true" });
        await app.StartAsync();
        return new LoadSuite(azurite, jetPay, settings, app);
    }

    public async Task<IReadOnlyList<LoadComparison>> RunAsync(LoadSize size)
    {
        var results = new List<LoadComparison>();
        var blobs = new BlobContainerClient(_azurite.ConnectionString, StorageNames.QrCodeContainer);
        var table = new TableClient(_azurite.ConnectionString, StorageNames.PaymentsTable);
        var baselineTable = new TableClient(_azurite.ConnectionString, "Baseline" + _run);
        await baselineTable.CreateIfNotExistsAsync();
        var baselineQueue = new QueueClient(_azurite.ConnectionString, "baseline-" + _run);
        await baselineQueue.CreateIfNotExistsAsync();

        // Warm both paths up so that the first step does not pay for JIT and connection set-up.
        await LoadRunner.RunAsync("warm-up", 4, 20, i => CreatePaymentAsync($"warm-{_run}-{i}"));
        await LoadRunner.RunAsync("warm-up", 4, 20, i => BareQrAsync(blobs, baselineTable, $"warm-{_run}-{i}"));
        await LoadRunner.RunAsync("warm-up", 4, 20, i => ReserveUploadIssueAsync(blobs, baselineTable, $"warm-floor-{_run}-{i}"));

        foreach (var concurrency in size.Concurrency)
        {
            var (baseline, floor, app) = (new List<LoadResult>(), new List<LoadResult>(), new List<LoadResult>());
            for (var round = 0; round < size.Rounds; round++)
            {
                var ids = $"{_run}-{concurrency}-{round}";
                baseline.Add(await LoadRunner.RunAsync("QR: blob upload + table insert (bare SDK)", concurrency, size.QrOperations, i => BareQrAsync(blobs, baselineTable, $"bare-{ids}-{i}")));

                // The storage work this design does per payment (reserve the id, store the image, mark it issued), without
                // JetPay and without the app: how much of the gap is the design's third write, how much the app.
                floor.Add(await LoadRunner.RunAsync("QR: insert + upload + replace (bare SDK)", concurrency, size.QrOperations, i => ReserveUploadIssueAsync(blobs, baselineTable, $"floor-{ids}-{i}")));
                app.Add(await LoadRunner.RunAsync("QR: POST /api/payments/qr", concurrency, size.QrOperations, i => CreatePaymentAsync($"qr-{ids}-{i}")));
            }

            var mergedBaseline = LoadResult.Merge(baseline);
            results.Add(LoadComparison.Of(floor, baseline, mergedBaseline));
            results.Add(LoadComparison.Of(app, baseline, mergedBaseline));
        }

        var warmUpIds = Enumerable.Range(0, 20).Select(i => $"warm-cb-{_run}-{i}").ToList();
        await LoadRunner.RunAsync("warm-up", 4, warmUpIds.Count, i => CreatePaymentAsync(warmUpIds[i]));
        var warmUp = Storm(warmUpIds, new Random(0)).Deliveries;
        await LoadRunner.RunAsync("warm-up", 4, warmUp.Count, i => DeliverAsync(warmUp[i].Body));
        await LoadRunner.RunAsync("warm-up", 4, warmUp.Count, i => BareInsertAsync(baselineTable, $"warm-{_run}", i, warmUp[i].Body));
        await LoadRunner.RunAsync("warm-up", 4, warmUp.Count, i => BareCallbackAsync(baselineTable, baselineQueue, $"warm-{_run}-{i % warmUpIds.Count}", warmUp[i]));
        _completedPayments.AddRange(warmUpIds);

        foreach (var concurrency in size.Concurrency)
        {
            var (baseline, floor, app) = (new List<LoadResult>(), new List<LoadResult>(), new List<LoadResult>());
            for (var round = 0; round < size.Rounds; round++)
            {
                var ids = $"{_run}-{concurrency}-{round}";
                var paymentIds = Enumerable.Range(0, size.CallbackPayments).Select(i => $"cb-{ids}-{i}").ToList();
                await LoadRunner.RunAsync("setup", 8, paymentIds.Count, i => CreatePaymentAsync(paymentIds[i]));
                var (callbacks, deliveries) = Storm(paymentIds, new Random(concurrency + round));
                var paymentIndex = paymentIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);

                baseline.Add(await LoadRunner.RunAsync("Callback: table insert (bare SDK)", concurrency, deliveries.Count, i => BareInsertAsync(baselineTable, $"bare-{ids}", i, deliveries[i].Body)));

                // The storage work this design does per delivery: insert the callback row (a redelivery collides), and
                // enqueue a notification for a final status. Shows how much of the gap is storage, how much the app.
                floor.Add(await LoadRunner.RunAsync("Callback: insert + enqueue if final (bare SDK)", concurrency, deliveries.Count, i =>
                    BareCallbackAsync(baselineTable, baselineQueue, $"floor-{ids}-{paymentIndex[deliveries[i].PaymentId]}", deliveries[i])));
                app.Add(await LoadRunner.RunAsync("Callback: POST /api/jetpay/callback", concurrency, deliveries.Count, i => DeliverAsync(deliveries[i].Body)));
                await AuditCallbacksAsync(table, callbacks, paymentIds);
                _completedPayments.AddRange(paymentIds);
            }

            var mergedBaseline = LoadResult.Merge(baseline);
            results.Add(LoadComparison.Of(floor, baseline, mergedBaseline));
            results.Add(LoadComparison.Of(app, baseline, mergedBaseline));
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _jetPay.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>Per payment: in-progress, success, a late in-progress; a quarter of the deliveries repeated; all shuffled.</summary>
    private static (List<(string PaymentId, string Status, byte[] Body)> Callbacks, List<(string PaymentId, string Status, byte[] Body)> Deliveries) Storm(
        IReadOnlyList<string> paymentIds, Random random)
    {
        var callbacks = paymentIds
            .SelectMany(id => new[] { "processing", "success", "awaiting customer" }
                .Select(status => (PaymentId: id, Status: status, Body: SignedCallbacks.Sign(SignedCallbacks.Purchase(id, status), Secret))))
            .ToList();
        var duplicates = callbacks.OrderBy(_ => random.Next()).Take(callbacks.Count / 4);
        return (callbacks, callbacks.Concat(duplicates).OrderBy(_ => random.Next()).ToList());
    }

    private async Task<bool> CreatePaymentAsync(string paymentId)
    {
        using var response = await _client.CreateAsync(AppRequests.Order(paymentId));
        return response.StatusCode == HttpStatusCode.Created;
    }

    private static async Task<bool> BareQrAsync(BlobContainerClient blobs, TableClient table, string id)
    {
        await blobs.GetBlobClient(id + ".png").UploadAsync(BinaryData.FromBytes(LoopbackPaymentPage.QrCodePng), overwrite: true);
        await table.AddEntityAsync(new TableEntity(id, "payment") { ["Amount"] = 10000L, ["Currency"] = "KZT", ["Status"] = "pending" });
        return true;
    }

    private static async Task<bool> ReserveUploadIssueAsync(BlobContainerClient blobs, TableClient table, string id)
    {
        var reserved = await table.AddEntityAsync(new TableEntity(id, "payment") { ["Amount"] = 10000L, ["Currency"] = "KZT", ["Creation"] = "Reserved" });
        await blobs.GetBlobClient(id + ".png").UploadAsync(BinaryData.FromBytes(LoopbackPaymentPage.QrCodePng), overwrite: true);
        await table.UpdateEntityAsync(new TableEntity(id, "payment") { ["Amount"] = 10000L, ["Currency"] = "KZT", ["Creation"] = "Issued" }, reserved.Headers.ETag!.Value, TableUpdateMode.Replace);
        return true;
    }

    private static async Task<bool> BareInsertAsync(TableClient table, string partition, int index, byte[] body)
    {
        await table.AddEntityAsync(new TableEntity(partition, index.ToString("D8", CultureInfo.InvariantCulture)) { ["RawBody"] = body });
        return true;
    }

    private static async Task<bool> BareCallbackAsync(TableClient table, QueueClient queue, string partition, (string PaymentId, string Status, byte[] Body) delivery)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, "callback-" + Convert.ToHexStringLower(SHA256.HashData(delivery.Body))) { ["RawBody"] = delivery.Body, ["PaymentStatus"] = delivery.Status });
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            // a redelivery
        }

        if (delivery.Status == "success")
        {
            await queue.SendMessageAsync(new PaymentNotification(delivery.PaymentId, delivery.Status).ToJson());
        }

        return true;
    }

    private async Task<bool> DeliverAsync(byte[] body)
    {
        using var response = await _client.PostCallbackAsync(body);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task AuditCallbacksAsync(TableClient table, List<(string PaymentId, string Status, byte[] Body)> callbacks, List<string> paymentIds)
    {
        var ledger = new CallbackLedger(table, TimeProvider.System);
        foreach (var paymentId in paymentIds)
        {
            var stored = await ledger.CallbacksAsync(paymentId, CancellationToken.None);
            var expected = callbacks.Where(c => c.PaymentId == paymentId).Select(c => Convert.ToBase64String(c.Body)).Order().ToList();
            if (!expected.SequenceEqual(stored.Select(c => Convert.ToBase64String(c.RawBody)).Order()))
            {
                AuditFailures.Add($"{paymentId}: {stored.Count} callbacks stored, {expected.Count} sent");
            }

            using var read = await _client.GetAsync($"/api/payments/{paymentId}");
            var body = await read.Content.ReadAsStringAsync();
            if (!body.Contains("\"status\":\"success\"", StringComparison.Ordinal))
            {
                AuditFailures.Add($"{paymentId}: not success: {body}");
            }
        }
    }

    /// <summary>
    /// Restarts the app with the notification function on and a merchant webhook endpoint, lets it work through every
    /// message the callbacks queued (a success and its redeliveries each queued one), and checks that every completed
    /// payment's merchant got exactly one webhook, for <c>success</c>.
    /// </summary>
    public async Task<NotificationRun> AuditNotificationsAsync()
    {
        var queue = new QueueClient(_azurite.ConnectionString, StorageNames.NotificationQueue);
        var messages = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var webhooks = new ConcurrentQueue<(string? Id, string? PaymentId, string? Status)>();
        await using var receiver = LoopbackServer.Create();
        receiver.MapPost("/webhook", async (HttpRequest request) =>
        {
            var json = await JsonNode.ParseAsync(request.Body);
            webhooks.Enqueue((request.Headers[MerchantWebhookClient.IdHeader].ToString(), (string?)json?["data"]?["paymentId"], (string?)json?["data"]?["status"]));
            return Results.Ok();
        });
        receiver.MapPost("/bare", () => Results.Ok());
        await receiver.StartAsync();
        await using var mailDev = await MailDevServer.StartAsync();

        // The baseline first, on a queue of its own holding as many messages for the same payments.
        var bareQueue = new QueueClient(_azurite.ConnectionString, "baseline-notify-" + _run, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await bareQueue.CreateIfNotExistsAsync();
        await LoadRunner.RunAsync("setup", 16, messages, async i =>
        {
            await bareQueue.SendMessageAsync(new PaymentNotification(_completedPayments[i % _completedPayments.Count], "success").ToJson());
            return true;
        });
        var claims = new TableClient(_azurite.ConnectionString, "BareNotify" + _run);
        await claims.CreateIfNotExistsAsync();
        var bare = new BareNotificationLoop(bareQueue, new TableClient(_azurite.ConnectionString, StorageNames.PaymentsTable), claims, mailDev.SmtpPort, new Uri(receiver.BaseAddress(), "/bare"));
        var bareClock = Stopwatch.StartNew();
        var bareHandled = await bare.RunAsync();
        var bareTook = bareClock.Elapsed;

        await _app.StopAsync();
        var clock = Stopwatch.StartNew();
        await using var notifier = new FunctionsHost(new Dictionary<string, string>(_settings)
        {
            ["Notifications__Webhook__Url"] = new Uri(receiver.BaseAddress(), "/webhook").ToString(),
            ["Notifications__Webhook__Secret"] = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("load-test-webhook-secret")),
            ["Notifications__Smtp__Host"] = "127.0.0.1",
            ["Notifications__Smtp__Port"] = mailDev.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Notifications__Smtp__From"] = "JetPay Load Shop <payments@shop.example>",
            ["Notifications__Smtp__UseTls"] = "None",
        });
        await notifier.StartAsync();
        var started = clock.Elapsed; // func start is not the queue's throughput
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var took = clock.Elapsed - started;
        if (bareHandled != messages)
        {
            AuditFailures.Add($"the bare loop handled {bareHandled} of {messages} messages");
        }

        var received = webhooks.ToList();
        foreach (var paymentId in _completedPayments)
        {
            var forPayment = received.Where(w => w.PaymentId == paymentId).ToList();
            if (forPayment.Count != 1 || forPayment[0].Status != "success")
            {
                AuditFailures.Add($"{paymentId}: webhooks received: {string.Join(", ", forPayment.Select(w => w.Status))}");
            }
        }

        if (received.Count != _completedPayments.Count || received.Select(w => w.Id).Distinct().Count() != received.Count)
        {
            AuditFailures.Add($"{received.Count} webhooks ({received.Select(w => w.Id).Distinct().Count()} distinct ids) for {_completedPayments.Count} completed payments");
        }

        await receiver.StopAsync();
        return new NotificationRun(_completedPayments.Count, messages, took, bareTook);
    }
}

/// <summary>Notifications after the load run: <see cref="Messages"/> handled by the app under <c>func start</c> in
/// <see cref="Took"/> (from the host serving to the queue's being empty), and as many by the bare loop in <see cref="BareTook"/>.</summary>
internal sealed record NotificationRun(int Payments, int Messages, TimeSpan Took, TimeSpan BareTook)
{
    public double PerSecond => Messages / Took.TotalSeconds;

    public double BarePerSecond => Messages / BareTook.TotalSeconds;
}
