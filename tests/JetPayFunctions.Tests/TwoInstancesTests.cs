using System.Net;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using JetPay.Testing;
using JetPayFunctions.Tests.Notifications;

namespace JetPayFunctions.Tests;

/// <summary>
/// Two instances of the app on one storage account, as Azure runs it when it scales out: concurrent identical QR
/// creations and a storm of duplicate and out-of-order callbacks spread over both, and one instance SIGKILLed midway.
/// </summary>
/// <remarks>
/// The instance that is killed serves HTTP only (its queue trigger is off): the queue extension receives a message
/// invisible for ten minutes and renews that while it runs, so a message held by a killed instance comes back only
/// then, on Azure as here; the crash test covers a killed instance's callbacks, the notification tests the races.
/// </remarks>
public sealed class TwoInstancesTests(NotificationStack stack, ITestOutputHelper output) : IClassFixture<NotificationStack>
{
    private const int Payments = 12;

    [Fact]
    public async Task An_instance_killed_mid_send_delays_no_receipt_or_webhook_by_more_than_a_minute_and_a_second_copy_carries_the_same_id()
    {
        const int payments = 24;
        stack.Webhooks.AnswerStatus = (int)HttpStatusCode.OK;
        stack.Webhooks.Delay = TimeSpan.FromSeconds(3); // the merchant is slow to answer: the kill lands while it holds posts
        try
        {
            await using var slowSmtp = SmtpRelay.Start(stack.MailDev.SmtpPort, TimeSpan.FromSeconds(1)); // and so is the SMTP server
            await using var jetPay = await LoopbackPaymentPage.StartAsync(AppUnderTest.SecretKey);
            var settings = AppUnderTest.BaseSettings(stack.Azurite.ConnectionString, jetPay.BaseUri);
            foreach (var (key, value) in stack.AppSettings(slowSmtp.Port))
            {
                settings[key] = value;
            }

            // Both instances send; the defaults of lease (30 s), retry schedule and sweep are what is measured.
            await using var doomed = new FunctionsHost(settings);
            await using var survivor = new FunctionsHost(settings);
            await Task.WhenAll(doomed.StartAsync(), survivor.StartAsync());
            using var client = new HttpClient { BaseAddress = survivor.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

            var paymentIds = new List<string>();
            for (var i = 0; i < payments; i++)
            {
                var order = AppRequests.Order();
                using var created = await client.CreateAsync(order);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                paymentIds.Add(order.Text("paymentId"));
            }

            await Parallel.ForEachAsync(paymentIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (paymentId, _) =>
                await DeliverUntilAcceptedAsync([client], SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey)));
            await Eventually.UntilAsync(() => Task.FromResult(stack.Webhooks.InFlight >= 2), "webhooks being sent", TimeSpan.FromSeconds(60));
            var killedAt = DateTimeOffset.UtcNow;
            await doomed.KillAsync();

            await EveryReceiptAndWebhookAsync(paymentIds, TimeSpan.FromSeconds(150));
            await using var core = AppUnderTest.CoreServices(settings);
            var ledger = core.GetRequiredService<NotificationDeliveryLedger>();
            await Eventually.UntilAsync(
                async () =>
                {
                    foreach (var paymentId in paymentIds)
                    {
                        var records = await ledger.ListAsync(PaymentIdOf(paymentId), CancellationToken.None);
                        if (records.Count != 2 || records.Any(r => r.State != DeliveryState.Sent))
                        {
                            return false;
                        }
                    }

                    return true;
                },
                "every delivery recorded as sent",
                TimeSpan.FromSeconds(90));

            var allEmails = await stack.MailDev.EmailsAsync();
            var receipts = paymentIds.Select(id => allEmails.Where(e => e.Subject.Contains(id, StringComparison.Ordinal)).ToList()).ToList();
            var webhooks = paymentIds.Select(id => stack.Webhooks.For(id).Where(w => w.Accepted).ToList()).ToList();
            var latest = receipts.SelectMany(r => r).Select(e => e.ReceivedAt!.Value).Concat(webhooks.SelectMany(w => w).Select(w => w.ReceivedAt)).Max();
            var delay = latest - killedAt;
            var secondReceipts = receipts.Sum(r => r.Count - 1);
            var secondWebhooks = webhooks.Sum(w => w.Count - 1);
            output.WriteLine($"killed mid-send; the last notification arrived {delay.TotalSeconds:0.0} s after the kill; second copies: {secondReceipts} receipt(s), {secondWebhooks} webhook(s) of {payments} payments");

            Assert.True(delay < TimeSpan.FromSeconds(60), $"a notification arrived {delay.TotalSeconds:0.0} s after the kill");
            Assert.All(receipts, r => Assert.Single(r.Select(e => e.MessageId).Distinct())); // a second copy carries the same Message-ID
            Assert.All(webhooks, w => Assert.Single(w.Select(x => x.Id).Distinct())); // ... and the same webhook-id
            Assert.All(webhooks, w => Assert.Single(w.Select(x => x.Body).Distinct()));
        }
        finally
        {
            stack.Webhooks.Delay = TimeSpan.Zero;
        }
    }

    private Task EveryReceiptAndWebhookAsync(List<string> paymentIds, TimeSpan patience) =>
        Eventually.UntilAsync(
            async () =>
            {
                var emails = await stack.MailDev.EmailsAsync();
                return paymentIds.All(id => emails.Any(e => e.Subject.Contains(id, StringComparison.Ordinal)) && stack.Webhooks.For(id).Any(w => w.Accepted));
            },
            "a receipt and a webhook for every payment",
            patience);

    private static JetPay.Payments.Payments.PaymentId PaymentIdOf(string paymentId) =>
        JetPay.Payments.Payments.PaymentId.TryParse(paymentId, out var id) ? id : throw new ArgumentException(paymentId);

    [Fact]
    public async Task Two_instances_with_one_killed_midway_store_every_callback_once_call_jetpay_once_and_notify_once()
    {
        stack.Webhooks.AnswerStatus = (int)HttpStatusCode.OK;
        stack.Webhooks.AnswerNext();
        await using var jetPay = await LoopbackPaymentPage.StartAsync(AppUnderTest.SecretKey);
        jetPay.Behaviour = PaymentPageBehaviour.Slow; // identical creations overlap while JetPay answers
        jetPay.SlowDelay = TimeSpan.FromMilliseconds(300);
        var settings = AppUnderTest.BaseSettings(stack.Azurite.ConnectionString, jetPay.BaseUri);
        foreach (var (key, value) in stack.AppSettings())
        {
            settings[key] = value;
        }

        await using var sender = new FunctionsHost(settings);
        await using var httpOnly = new FunctionsHost(new Dictionary<string, string>(settings) { ["AzureWebJobs.SendPaymentNotification.Disabled"] = "true" });
        await Task.WhenAll(sender.StartAsync(), httpOnly.StartAsync());
        using var a = new HttpClient { BaseAddress = sender.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var b = new HttpClient { BaseAddress = httpOnly.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // Four identical creations per payment, two on each instance, all at once.
        var orders = Enumerable.Range(0, Payments).Select(_ => AppRequests.Order()).ToList();
        var creations = await Task.WhenAll(orders.SelectMany(order => new[] { a, b, a, b }.Select(client => CreateUntilAnsweredAsync(client, order))));
        Assert.All(creations, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var paymentIds = orders.Select(o => o.Text("paymentId")).ToList();
        var jetPayCalls = jetPay.Requests.GroupBy(r => r["payment_id"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(paymentIds.ToDictionary(id => id, _ => 1), jetPayCalls);

        // Per payment: in progress, success, a late in-progress status; every delivery twice; shuffled; alternating instances.
        var random = new Random(5);
        var callbacks = paymentIds
            .SelectMany(id => new[] { "processing", "success", "awaiting customer" }
                .Select(status => (PaymentId: id, Body: SignedCallbacks.Sign(SignedCallbacks.Purchase(id, status), AppUnderTest.SecretKey))))
            .ToList();
        var deliveries = callbacks.Concat(callbacks).OrderBy(_ => random.Next()).ToList();
        var delivered = 0;
        var killed = false;
        await Parallel.ForEachAsync(deliveries.Select((d, i) => (d.Body, Index: i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (delivery, _) =>
        {
            if (Interlocked.Increment(ref delivered) == deliveries.Count / 2 && !killed)
            {
                killed = true;
                await httpOnly.KillAsync();
            }

            await DeliverUntilAcceptedAsync(delivery.Index % 2 == 0 ? [a, b] : [b, a], delivery.Body);
        });
        Assert.True(killed && !httpOnly.IsRunning, "the second instance was not killed midway");

        var ledger = new CallbackLedger(new Azure.Data.Tables.TableClient(stack.Azurite.ConnectionString, StorageNames.PaymentsTable), TimeProvider.System);
        foreach (var paymentId in paymentIds)
        {
            var stored = await ledger.CallbacksAsync(paymentId, CancellationToken.None);
            Assert.Equal(
                callbacks.Where(c => c.PaymentId == paymentId).Select(c => Convert.ToBase64String(c.Body)).Order(),
                stored.Select(c => Convert.ToBase64String(c.RawBody)).Order());
            Assert.Equal("success", await a.StatusAsync(paymentId));
        }

        await EveryReceiptAndWebhookAsync(paymentIds, TimeSpan.FromSeconds(120));
        await Eventually.UntilAsync(
            async () => (await new Azure.Storage.Queues.QueueClient(stack.Azurite.ConnectionString, StorageNames.NotificationQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the notification queue drained",
            TimeSpan.FromSeconds(60));
        var allEmails = await stack.MailDev.EmailsAsync();
        foreach (var paymentId in paymentIds)
        {
            Assert.Single(allEmails, e => e.Subject.Contains(paymentId, StringComparison.Ordinal));
            Assert.Single(stack.Webhooks.For(paymentId), w => w.Accepted);
        }
    }

    private static async Task<HttpStatusCode> CreateUntilAnsweredAsync(HttpClient client, System.Text.Json.Nodes.JsonObject order)
    {
        // 409 payment_in_progress asks the caller to come back (Retry-After): a merchant's frontend would.
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.CreateAsync(order);
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 30)
            {
                return response.StatusCode;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Like JetPay behind a load balancer: the delivery goes to one instance, and when that one fails, to the next.</summary>
    private static async Task DeliverUntilAcceptedAsync(HttpClient[] instances, byte[] body)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var response = await instances[attempt % instances.Length].PostCallbackAsync(body);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // that instance is gone: the next attempt goes to the other
            }
            catch (TaskCanceledException)
            {
                // no answer in time
            }

            await Task.Delay(50);
        }

        Assert.Fail("a callback was never accepted");
    }
}
