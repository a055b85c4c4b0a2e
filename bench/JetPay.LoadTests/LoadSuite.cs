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

/// <summary>How big a run is: per round and number of callers, QR creations and paid payments (3.75 callback deliveries each on average); paid payments in the storm with notifications on.</summary>
internal sealed record LoadSize(int QrOperations, int CallbackPayments, int[] Concurrency, int Rounds, int StormPayments, TimeSpan QuietWait)
{
    public static LoadSize Full { get; } = new(200, 200, [1, 8, 32], 5, 200, TimeSpan.FromSeconds(60));

    /// <summary>Small enough for CI: proves the suite and its audit work, measures nothing worth quoting, waits for no quiet.</summary>
    public static LoadSize Smoke { get; } = new(16, 8, [1, 8, 32], 1, 8, TimeSpan.Zero);
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
    private readonly AzuriteStallWatch _stallWatch;
    private readonly List<AzuriteStall> _stormStalls = [];

    private LoadSuite(AzuriteServer azurite, LoopbackPaymentPage jetPay, Dictionary<string, string> settings, FunctionsHost app)
    {
        _azurite = azurite;
        _jetPay = jetPay;
        _settings = settings;
        _app = app;
        _client = NewClient(app.BaseAddress);
        _stallWatch = AzuriteStallWatch.Start(azurite.ConnectionString);
    }

    /// <summary>Every pause of the emulators seen so far (<see cref="AzuriteStallWatch"/>), the storm's own Azurite included.</summary>
    public IReadOnlyList<AzuriteStall> Stalls => [.. _stallWatch.Stalls, .. _stormStalls];

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

        var app = new FunctionsHost(WithoutNotifications(settings));
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
        await LoadRunner.RunAsync("warm-up", 4, 20, i => CreatePaymentAsync(_client, $"warm-{_run}-{i}"));
        await LoadRunner.RunAsync("warm-up", 4, 20, i => BareQrAsync(blobs, baselineTable, $"warm-{_run}-{i}"));
        await LoadRunner.RunAsync("warm-up", 4, 20, i => ReserveUploadIssueAsync(blobs, baselineTable, $"warm-floor-{_run}-{i}"));
        await ProcessCpu.WaitForQuietAsync(size.QuietWait);

        foreach (var concurrency in size.Concurrency)
        {
            var (baseline, floor, app) = (new List<LoadResult>(), new List<LoadResult>(), new List<LoadResult>());
            for (var round = 0; round < size.Rounds; round++)
            {
                var ids = $"{_run}-{concurrency}-{round}";
                await ProcessCpu.WaitForQuietAsync(size.QuietWait);
                baseline.Add(await LoadRunner.RunAsync("QR: blob upload + table insert (bare SDK)", concurrency, size.QrOperations, i => BareQrAsync(blobs, baselineTable, $"bare-{ids}-{i}")));

                // The storage work this design does per payment (reserve the id, store the image, mark it issued), without
                // JetPay and without the app: how much of the gap is the design's third write, how much the app.
                floor.Add(await LoadRunner.RunAsync("QR: insert + upload + replace (bare SDK)", concurrency, size.QrOperations, i => ReserveUploadIssueAsync(blobs, baselineTable, $"floor-{ids}-{i}")));
                app.Add(await LoadRunner.RunAsync("QR: POST /api/payments/qr", concurrency, size.QrOperations, i => CreatePaymentAsync(_client, $"qr-{ids}-{i}")));
            }

            var mergedBaseline = LoadResult.Merge(baseline);
            results.Add(LoadComparison.Of(floor, baseline, mergedBaseline));
            results.Add(LoadComparison.Of(app, baseline, mergedBaseline));
        }

        var warmUpIds = PaymentIds($"warm-cb-{_run}", 20);
        await LoadRunner.RunAsync("warm-up", 4, warmUpIds.Count, i => CreatePaymentAsync(_client, warmUpIds[i]));
        var warmUp = Storm(warmUpIds, new Random(0)).Deliveries;
        await LoadRunner.RunAsync("warm-up", 4, warmUp.Count, i => DeliverAsync(_client, warmUp[i].Body));
        await LoadRunner.RunAsync("warm-up", 4, warmUp.Count, i => BareInsertAsync(baselineTable, $"warm-{_run}", i, warmUp[i].Body));
        await LoadRunner.RunAsync("warm-up", 4, warmUp.Count, i => BareCallbackAsync(baselineTable, baselineQueue, $"warm-{_run}-{i % warmUpIds.Count}", warmUp[i]));
        _completedPayments.AddRange(warmUpIds);

        foreach (var concurrency in size.Concurrency)
        {
            var (baseline, floor, app) = (new List<LoadResult>(), new List<LoadResult>(), new List<LoadResult>());
            for (var round = 0; round < size.Rounds; round++)
            {
                var ids = $"{_run}-{concurrency}-{round}";
                var paymentIds = PaymentIds($"cb-{ids}", size.CallbackPayments);
                await LoadRunner.RunAsync("setup", 8, paymentIds.Count, i => CreatePaymentAsync(_client, paymentIds[i]));
                var (callbacks, deliveries) = Storm(paymentIds, new Random(concurrency + round));
                var paymentIndex = paymentIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
                await ProcessCpu.WaitForQuietAsync(size.QuietWait);

                baseline.Add(await LoadRunner.RunAsync("Callback: table insert (bare SDK)", concurrency, deliveries.Count, i => BareInsertAsync(baselineTable, $"bare-{ids}", i, deliveries[i].Body)));

                // The storage work this design does per delivery: insert the callback row (a redelivery collides), and
                // enqueue a notification for a final status. Shows how much of the gap is storage, how much the app.
                floor.Add(await LoadRunner.RunAsync("Callback: insert + enqueue if final (bare SDK)", concurrency, deliveries.Count, i =>
                    BareCallbackAsync(baselineTable, baselineQueue, $"floor-{ids}-{paymentIndex[deliveries[i].PaymentId]}", deliveries[i])));
                app.Add(await LoadRunner.RunAsync("Callback: POST /api/jetpay/callback", concurrency, deliveries.Count, i => DeliverAsync(_client, deliveries[i].Body)));
                await AuditCallbacksAsync(table, callbacks, paymentIds);
                _completedPayments.AddRange(paymentIds);
            }

            var mergedBaseline = LoadResult.Merge(baseline);
            results.Add(LoadComparison.Of(floor, baseline, mergedBaseline));
            results.Add(LoadComparison.Of(app, baseline, mergedBaseline));
        }

        return results;
    }

    /// <summary>
    /// The callback storm at 32 callers on one instance, then on two instances of the app on the same Azurite (every
    /// other delivery to the second), each round on payments of its own, with the audit after each.
    /// </summary>
    public async Task<LoadComparison> RunTwoInstancesAsync(LoadSize size)
    {
        const int Concurrency = 32;
        var table = new TableClient(_azurite.ConnectionString, StorageNames.PaymentsTable);
        await using var second = new FunctionsHost(WithoutNotifications(_settings));
        await second.StartAsync();
        using var secondClient = NewClient(second.BaseAddress);
        var warmUpIds = PaymentIds($"warm-two-{_run}", 20);
        await LoadRunner.RunAsync("warm-up", 4, warmUpIds.Count, i => CreatePaymentAsync(secondClient, warmUpIds[i]));
        var warmUp = Storm(warmUpIds, new Random(0)).Deliveries;
        await LoadRunner.RunAsync("warm-up", 4, warmUp.Count, i => DeliverAsync(secondClient, warmUp[i].Body));
        _completedPayments.AddRange(warmUpIds);

        var (one, two) = (new List<LoadResult>(), new List<LoadResult>());
        for (var round = 0; round < size.Rounds; round++)
        {
            var oneIds = PaymentIds($"one-{_run}-{round}", size.CallbackPayments);
            var twoIds = PaymentIds($"two-{_run}-{round}", size.CallbackPayments);
            await LoadRunner.RunAsync("setup", 8, oneIds.Count, i => CreatePaymentAsync(_client, oneIds[i]));
            await LoadRunner.RunAsync("setup", 8, twoIds.Count, i => CreatePaymentAsync(secondClient, twoIds[i]));
            var (oneCallbacks, oneDeliveries) = Storm(oneIds, new Random(100 + round));
            var (twoCallbacks, twoDeliveries) = Storm(twoIds, new Random(200 + round));
            await ProcessCpu.WaitForQuietAsync(size.QuietWait);
            one.Add(await LoadRunner.RunAsync("Callback: POST /api/jetpay/callback, one instance", Concurrency, oneDeliveries.Count, i => DeliverAsync(_client, oneDeliveries[i].Body)));
            two.Add(await LoadRunner.RunAsync("Callback: POST /api/jetpay/callback, two instances", Concurrency, twoDeliveries.Count, i =>
                DeliverAsync(i % 2 == 0 ? _client : secondClient, twoDeliveries[i].Body)));
            await AuditCallbacksAsync(table, oneCallbacks, oneIds);
            await AuditCallbacksAsync(table, twoCallbacks, twoIds);
            _completedPayments.AddRange(oneIds);
            _completedPayments.AddRange(twoIds);
        }

        return LoadComparison.Of(two, one, LoadResult.Merge(one));
    }

    /// <summary>Callback storms at <paramref name="concurrency"/> callers against the bare insert, to look at one step closely.</summary>
    public async Task<(LoadResult Bare, LoadResult App, double[] Ratios)> ProbeCallbacksAsync(int concurrency, int payments, int rounds = 3)
    {
        var table = new TableClient(_azurite.ConnectionString, StorageNames.PaymentsTable);
        var baselineTable = new TableClient(_azurite.ConnectionString, "Baseline" + _run);
        await baselineTable.CreateIfNotExistsAsync();
        var (bare, app) = (new List<LoadResult>(), new List<LoadResult>());
        for (var round = 0; round < rounds; round++)
        {
            var paymentIds = PaymentIds($"probe-{_run}-{round}", payments);
            await LoadRunner.RunAsync("setup", 8, paymentIds.Count, i => CreatePaymentAsync(_client, paymentIds[i]));
            var (callbacks, deliveries) = Storm(paymentIds, new Random(round));
            if (round == 0)
            {
                await LoadRunner.RunAsync("warm-up", concurrency, 200, i => DeliverAsync(_client, deliveries[i].Body));
            }

            await ProcessCpu.WaitForQuietAsync(LoadSize.Full.QuietWait);
            bare.Add(await LoadRunner.RunAsync("Callback: table insert (bare SDK)", concurrency, deliveries.Count, i => BareInsertAsync(baselineTable, $"probe-{_run}-{round}", i, deliveries[i].Body)));
            app.Add(await LoadRunner.RunAsync("Callback: POST /api/jetpay/callback", concurrency, deliveries.Count, i => DeliverAsync(_client, deliveries[i].Body)));
            await AuditCallbacksAsync(table, callbacks, paymentIds);
        }

        return (LoadResult.Merge(bare), LoadResult.Merge(app), [.. app.Zip(bare, (a, b) => a.Throughput / b.Throughput)]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stallWatch.DisposeAsync();
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

    /// <summary><paramref name="count"/> payment ids: <paramref name="prefix"/>-0, <paramref name="prefix"/>-1, …</summary>
    private static List<string> PaymentIds(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}")];

    private static HttpClient NewClient(Uri app) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Notifications are sent after the callback measurements (<see cref="RunNotificationsAsync"/>), not while they run.</summary>
    private static Dictionary<string, string> WithoutNotifications(Dictionary<string, string> settings) =>
        new(settings) { ["AzureWebJobs.SendPaymentNotification.Disabled"] = "true", ["AzureWebJobs.RetryDueNotifications.Disabled"] = "true" };

    private static async Task<bool> CreatePaymentAsync(HttpClient client, string paymentId)
    {
        using var response = await client.CreateAsync(AppRequests.Order(paymentId));
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

    private static async Task<bool> DeliverAsync(HttpClient client, byte[] body)
    {
        using var response = await client.PostCallbackAsync(body);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task AuditCallbacksAsync(TableClient table, List<(string PaymentId, string Status, byte[] Body)> callbacks, List<string> paymentIds, HttpClient? app = null)
    {
        app ??= _client;
        var ledger = new CallbackLedger(table, TimeProvider.System);
        foreach (var paymentId in paymentIds)
        {
            var stored = await ledger.CallbacksAsync(paymentId, CancellationToken.None);
            var expected = callbacks.Where(c => c.PaymentId == paymentId).Select(c => Convert.ToBase64String(c.Body)).Order().ToList();
            if (!expected.SequenceEqual(stored.Select(c => Convert.ToBase64String(c.RawBody)).Order()))
            {
                AuditFailures.Add($"{paymentId}: {stored.Count} callbacks stored, {expected.Count} sent");
            }

            using var read = await app.GetAsync($"/api/payments/{paymentId}");
            var body = await read.Content.ReadAsStringAsync();
            if (!body.Contains("\"status\":\"success\"", StringComparison.Ordinal))
            {
                AuditFailures.Add($"{paymentId}: not success: {body}");
            }
        }
    }

    /// <summary>
    /// Restarts the app with the notification function on, MailDev and a merchant webhook endpoint. First it works
    /// through every message the callbacks queued (a success and its redeliveries each queued one), against the bare loop
    /// on as many messages; then a callback storm runs with the notifications on, timing each payment from the 200 of
    /// its success callback to its receipt in MailDev and its webhook. Every completed payment's merchant must get
    /// exactly one webhook, for <c>success</c>, and every payment of the storm exactly one receipt.
    /// </summary>
    public async Task<NotificationRun> RunNotificationsAsync(LoadSize size)
    {
        var queue = new QueueClient(_azurite.ConnectionString, StorageNames.NotificationQueue);
        var messages = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var webhooks = new ConcurrentQueue<ReceivedWebhook>();
        await using var receiver = LoopbackServer.Create();
        receiver.MapPost("/webhook", async (HttpRequest request) =>
        {
            var json = await JsonNode.ParseAsync(request.Body);
            webhooks.Enqueue(new ReceivedWebhook(request.Headers[MerchantWebhookClient.IdHeader].ToString(), (string?)json?["data"]?["paymentId"], (string?)json?["data"]?["status"], DateTimeOffset.UtcNow));
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
        await ProcessCpu.WaitForQuietAsync(size.QuietWait);
        var bareClock = Stopwatch.StartNew();
        var bareHandled = await bare.RunAsync();
        var bareTook = bareClock.Elapsed;

        await _app.StopAsync();
        var notifying = Notifying(receiver.BaseAddress(), mailDev.SmtpPort);
        TimeSpan took;
        DateTimeOffset drainFrom = default, drainTo = default;
        await using (var notifier = new FunctionsHost(_settings.Concat(notifying).ToDictionary()))
        {
            var clock = Stopwatch.StartNew();
            await notifier.StartAsync();
            var started = clock.Elapsed; // func start is not the queue's throughput
            drainFrom = DateTimeOffset.UtcNow;
            while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }

            took = clock.Elapsed - started;
            drainTo = DateTimeOffset.UtcNow;

            // The last messages may still be in flight when the queue reads empty.
            await WaitForAsync(() => webhooks.Count >= _completedPayments.Count, "the last webhooks", TimeSpan.FromSeconds(30));
        }

        if (bareHandled != messages)
        {
            AuditFailures.Add($"the bare loop handled {bareHandled} of {messages} messages");
        }

        AuditWebhooks([.. webhooks], _completedPayments);
        var storm = await ReceiptStormAsync(notifying, mailDev, webhooks, size);
        await receiver.StopAsync();
        return new NotificationRun(_completedPayments.Count, messages, took, bareTook, storm) { DrainWindow = (drainFrom, drainTo) };
    }

    /// <summary>The settings that turn the notifications on: the merchant endpoint of <paramref name="receiver"/> and MailDev.</summary>
    private static Dictionary<string, string> Notifying(Uri receiver, int smtpPort) => new()
    {
        ["Notifications__Webhook__Url"] = new Uri(receiver, "/webhook").ToString(),
        ["Notifications__Webhook__Secret"] = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("load-test-webhook-secret")),
        ["Notifications__Smtp__Host"] = "127.0.0.1",
        ["Notifications__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Notifications__Smtp__From"] = "JetPay Load Shop <payments@shop.example>",
        ["Notifications__Smtp__UseTls"] = "None",
    };

    /// <summary>
    /// A callback storm at 32 callers with the notification function on: from each success's 200 to its receipt and its
    /// webhook. On an Azurite of its own: Azurite answers every table query by scanning the whole table, so after the
    /// earlier steps' tens of thousands of rows each notification's read of its payment would cost the emulator
    /// milliseconds that a partition read on Azure does not.
    /// </summary>
    private async Task<ReceiptStorm> ReceiptStormAsync(
        Dictionary<string, string> notifying, MailDevServer mailDev, ConcurrentQueue<ReceivedWebhook> webhooks, LoadSize size)
    {
        var payments = size.StormPayments;
        await mailDev.ClearAsync();
        webhooks.Clear();
        await using var azurite = await AzuriteServer.StartOnePerServiceAsync();
        await using var stallWatch = AzuriteStallWatch.Start(azurite.ConnectionString);
        var settings = new Dictionary<string, string>(_settings) { ["AzureWebJobsStorage"] = azurite.ConnectionString };
        await using var notifier = new FunctionsHost(settings.Concat(notifying).ToDictionary());
        await notifier.StartAsync();
        using var client = NewClient(notifier.BaseAddress);
        await LoadRunner.RunAsync("warm-up", 4, 20, i => CreatePaymentAsync(client, $"warm-rcpt-{_run}-{i}"));
        var paymentIds = PaymentIds($"rcpt-{_run}", payments);
        await LoadRunner.RunAsync("setup", 8, paymentIds.Count, i => CreatePaymentAsync(client, paymentIds[i]));
        var (callbacks, deliveries) = Storm(paymentIds, new Random(7));
        await ProcessCpu.WaitForQuietAsync(size.QuietWait);
        var paidAt = new ConcurrentDictionary<string, DateTimeOffset>();
        var callbacksRun = await LoadRunner.RunAsync("Callback: POST /api/jetpay/callback, notifications on", 32, deliveries.Count, async i =>
        {
            var delivered = await DeliverAsync(client, deliveries[i].Body);
            if (delivered && deliveries[i].Status == "success")
            {
                paidAt.TryAdd(deliveries[i].PaymentId, DateTimeOffset.UtcNow);
            }

            return delivered;
        });

        // A payment's webhook is sent after its receipt: MailDev is asked only once every webhook is in.
        await WaitForAsync(() => webhooks.Count >= payments, "every webhook of the storm", TimeSpan.FromMinutes(5));
        IReadOnlyList<ReceivedEmail> emails = [];
        await WaitForAsync(async () => (emails = await mailDev.EmailsAsync()).Count >= payments, "every receipt of the storm", TimeSpan.FromSeconds(30));
        await AuditCallbacksAsync(new TableClient(azurite.ConnectionString, StorageNames.PaymentsTable), callbacks, paymentIds, client);
        AuditWebhooks([.. webhooks], paymentIds);

        var receiptsByPayment = emails.ToLookup(e => e.Subject[(e.Subject.LastIndexOf(' ') + 1)..]); // "Receipt for payment {id}"
        var webhooksByPayment = webhooks.ToLookup(w => w.PaymentId);
        var receiptMs = new List<double>();
        var webhookMs = new List<double>();
        foreach (var paymentId in paymentIds)
        {
            var receipts = receiptsByPayment[paymentId].ToList();
            if (receipts.Count != 1 || receipts[0].ReceivedAt is null || !paidAt.TryGetValue(paymentId, out var paid))
            {
                AuditFailures.Add($"{paymentId}: {receipts.Count} receipts");
                continue;
            }

            receiptMs.Add((receipts[0].ReceivedAt!.Value - paid).TotalMilliseconds);
            webhookMs.Add(webhooksByPayment[paymentId].Select(w => (w.At - paid).TotalMilliseconds).DefaultIfEmpty(double.NaN).First());
        }

        _stormStalls.AddRange(stallWatch.Stalls.Select(s => s with { Service = "storm " + s.Service }));
        return new ReceiptStorm(callbacksRun, [.. receiptMs.Order()], [.. webhookMs.Order()]);
    }

    private void AuditWebhooks(List<ReceivedWebhook> received, List<string> completedPayments)
    {
        var byPayment = received.ToLookup(w => w.PaymentId);
        foreach (var paymentId in completedPayments)
        {
            var forPayment = byPayment[paymentId].ToList();
            if (forPayment.Count != 1 || forPayment[0].Status != "success")
            {
                AuditFailures.Add($"{paymentId}: webhooks received: {string.Join(", ", forPayment.Select(w => w.Status))}");
            }
        }

        if (received.Count != completedPayments.Count || received.Select(w => w.Id).Distinct().Count() != received.Count)
        {
            AuditFailures.Add($"{received.Count} webhooks ({received.Select(w => w.Id).Distinct().Count()} distinct ids) for {completedPayments.Count} completed payments");
        }
    }

    /// <summary>Waits as <see cref="Eventually"/> does; what is still missing then is for the audits to report.</summary>
    private static Task WaitForAsync(Func<bool> condition, string what, TimeSpan patience) =>
        WaitForAsync(() => Task.FromResult(condition()), what, patience);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan patience)
    {
        try
        {
            await Eventually.UntilAsync(condition, what, patience);
        }
        catch (TimeoutException)
        {
            // counted as missing by the audit that follows
        }
    }
}

/// <summary>Notifications after the load run: <see cref="Messages"/> handled by the app under <c>func start</c> in
/// <see cref="Took"/> (from the host serving to the queue's being empty), and as many by the bare loop in <see cref="BareTook"/>.</summary>
internal sealed record NotificationRun(int Payments, int Messages, TimeSpan Took, TimeSpan BareTook, ReceiptStorm Storm)
{
    /// <summary>When the app worked through the queue.</summary>
    public (DateTimeOffset From, DateTimeOffset To) DrainWindow { get; init; }

    public double PerSecond => Messages / Took.TotalSeconds;

    public double BarePerSecond => Messages / BareTook.TotalSeconds;
}

/// <summary>A callback storm with the notifications on: the callbacks' own figures, and per paid payment the milliseconds
/// from the 200 of its success callback to its receipt in MailDev and to its merchant webhook, sorted.</summary>
internal sealed record ReceiptStorm(LoadResult Callbacks, double[] ReceiptMs, double[] WebhookMs);

/// <summary>A webhook as the merchant endpoint received it, and when.</summary>
internal sealed record ReceivedWebhook(string? Id, string? PaymentId, string? Status, DateTimeOffset At);
