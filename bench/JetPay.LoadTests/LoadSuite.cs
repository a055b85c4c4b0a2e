using System.Globalization;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;

namespace JetPay.LoadTests;

/// <summary>How big a run is.</summary>
internal sealed record LoadSize(int QrOperations, int CallbackPayments, int[] Concurrency)
{
    public static LoadSize Full { get; } = new(400, 400, [1, 8, 32]);

    /// <summary>Small enough for CI: proves the suite and its audit work, measures nothing worth quoting.</summary>
    public static LoadSize Smoke { get; } = new(16, 8, [1, 8]);
}

/// <summary>
/// QR creation and callback ingestion through the local host (its own process) on Azurite, each against a bare
/// Azure SDK baseline of the storage work it has to do, measured in the same run on the same machine.
/// </summary>
internal sealed class LoadSuite : IAsyncDisposable
{
    private readonly AzuriteServer _azurite;
    private readonly LoopbackPaymentPage _jetPay;
    private readonly LocalHostProcess _app;
    private readonly HttpClient _client;
    private readonly string _run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

    private LoadSuite(AzuriteServer azurite, LoopbackPaymentPage jetPay, LocalHostProcess app)
    {
        _azurite = azurite;
        _jetPay = jetPay;
        _app = app;
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public List<string> AuditFailures { get; } = [];

    public static async Task<LoadSuite> StartAsync()
    {
        const string secret = "load-test-secret";
        var azurite = await AzuriteServer.StartAsync();
        var jetPay = await LoopbackPaymentPage.StartAsync(secret);
        var app = new LocalHostProcess(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["JetPay__BaseUrl"] = jetPay.BaseUri.ToString(),
            ["JetPay__ProjectId"] = "123",
            ["JetPay__SecretKey"] = secret,
            ["AzureWebJobs__SendPaymentNotification__Disabled"] = "true",
        });
        await app.StartAsync();
        return new LoadSuite(azurite, jetPay, app);
    }

    public async Task<IReadOnlyList<(LoadResult App, LoadResult Baseline)>> RunAsync(LoadSize size)
    {
        var results = new List<(LoadResult, LoadResult)>();
        var blobs = new BlobContainerClient(_azurite.ConnectionString, StorageNames.QrCodeContainer);
        var table = new TableClient(_azurite.ConnectionString, StorageNames.PaymentsTable);
        var baselineTable = new TableClient(_azurite.ConnectionString, "Baseline" + _run);
        await baselineTable.CreateIfNotExistsAsync();

        // Warm both paths up so that the first step does not pay for JIT and connection set-up.
        await LoadRunner.RunAsync("warm-up", 4, 20, i => CreatePaymentAsync($"warm-{_run}-{i}"));
        await LoadRunner.RunAsync("warm-up", 4, 20, i => BareQrAsync(blobs, baselineTable, $"warm-{_run}-{i}"));

        foreach (var concurrency in size.Concurrency)
        {
            var baseline = await LoadRunner.RunAsync("QR: blob upload + table insert (bare SDK)", concurrency, size.QrOperations, i => BareQrAsync(blobs, baselineTable, $"bare-{_run}-{concurrency}-{i}"));
            var app = await LoadRunner.RunAsync("QR: POST /api/payments/qr", concurrency, size.QrOperations, i => CreatePaymentAsync($"qr-{_run}-{concurrency}-{i}"));
            results.Add((app, baseline));
        }

        foreach (var concurrency in size.Concurrency)
        {
            var paymentIds = Enumerable.Range(0, size.CallbackPayments).Select(i => $"cb-{_run}-{concurrency}-{i}").ToList();
            await LoadRunner.RunAsync("setup", 8, paymentIds.Count, i => CreatePaymentAsync(paymentIds[i]));
            var (callbacks, deliveries) = Storm(paymentIds, "load-test-secret", new Random(concurrency));

            var baseline = await LoadRunner.RunAsync("Callback: table insert (bare SDK)", concurrency, deliveries.Count, async i =>
            {
                var entity = new TableEntity($"bare-{_run}-{concurrency}", i.ToString("D8", CultureInfo.InvariantCulture)) { ["RawBody"] = deliveries[i].Body };
                await baselineTable.AddEntityAsync(entity);
                return true;
            });
            // The storage work a callback needs at the least in this design: read the payment, then one transaction
            // (callback row + payment row) in its partition. Shows how much of the gap is storage, how much the app.
            var floor = await LoadRunner.RunAsync("Callback: read + 2-row transaction (bare SDK)", concurrency, deliveries.Count, async i =>
            {
                var partition = $"floor-{_run}-{concurrency}-{i % size.CallbackPayments}";
                await baselineTable.GetEntityIfExistsAsync<TableEntity>(partition, "payment");
                await baselineTable.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, "callback-" + i.ToString("D8", CultureInfo.InvariantCulture)) { ["RawBody"] = deliveries[i].Body }),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "payment") { ["Status"] = deliveries[i].Status }),
                ]);
                return true;
            });
            results.Add((floor, baseline));
            var app = await LoadRunner.RunAsync("Callback: POST /api/jetpay/callback", concurrency, deliveries.Count, i => DeliverAsync(deliveries[i].Body));
            results.Add((app, baseline));
            await AuditAsync(table, callbacks, paymentIds);
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
        IReadOnlyList<string> paymentIds, string secret, Random random)
    {
        var callbacks = paymentIds
            .SelectMany(id => new[] { "processing", "success", "awaiting customer" }
                .Select(status => (PaymentId: id, Status: status, Body: SignedCallbacks.Sign(SignedCallbacks.Purchase(id, status), secret))))
            .ToList();
        var duplicates = callbacks.OrderBy(_ => random.Next()).Take(callbacks.Count / 4);
        return (callbacks, callbacks.Concat(duplicates).OrderBy(_ => random.Next()).ToList());
    }

    private async Task<bool> CreatePaymentAsync(string paymentId)
    {
        var order = $$$"""{"paymentId":"{{{paymentId}}}","amount":10000,"currency":"KZT","customer":{"id":"c-1","firstName":"John","lastName":"Doe","email":"johndoe@example.com"}}""";
        using var response = await _client.PostAsync("/api/payments/qr", new StringContent(order, Encoding.UTF8, "application/json"));
        return response.StatusCode == HttpStatusCode.Created;
    }

    private static async Task<bool> BareQrAsync(BlobContainerClient blobs, TableClient table, string id)
    {
        await blobs.GetBlobClient(id + ".png").UploadAsync(BinaryData.FromBytes(LoopbackPaymentPage.QrCodePng), overwrite: true);
        await table.AddEntityAsync(new TableEntity(id, "payment") { ["Amount"] = 10000L, ["Currency"] = "KZT", ["Status"] = "pending" });
        return true;
    }

    private async Task<bool> DeliverAsync(byte[] body)
    {
        using var response = await _client.PostAsync("/api/jetpay/callback", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task AuditAsync(TableClient table, List<(string PaymentId, string Status, byte[] Body)> callbacks, List<string> paymentIds)
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

            if ((await ledger.PendingNotificationsAsync(paymentId, CancellationToken.None)).Count > 0)
            {
                AuditFailures.Add($"{paymentId}: a notification was never queued");
            }
        }

        var queue = new QueueClient(_azurite.ConnectionString, StorageNames.NotificationQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queued = new List<PaymentNotification>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromHours(1))).Value is { Length: > 0 } batch)
        {
            queued.AddRange(batch.Select(m => PaymentNotification.FromJson(m.Body.ToString())));
        }

        foreach (var paymentId in paymentIds)
        {
            var forPayment = queued.Where(n => n.PaymentId == paymentId).Distinct().ToList();
            if (forPayment.Count != 1 || forPayment[0].Status != "success")
            {
                AuditFailures.Add($"{paymentId}: notifications queued: {string.Join(", ", forPayment.Select(n => n.Status))}");
            }
        }
    }
}
