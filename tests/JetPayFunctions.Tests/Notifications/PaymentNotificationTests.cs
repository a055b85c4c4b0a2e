using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JetPayFunctions.Tests.Notifications;

/// <summary>
/// Notifications end to end on <c>func start</c>: JetPay's callback, the real queue, the host's queue trigger,
/// a real SMTP server (MailDev) and a real webhook endpoint.
/// </summary>
public sealed class PaymentNotificationTests(NotificationStack stack) : IClassFixture<NotificationStack>, IAsyncLifetime
{
    private const string CustomerEmail = "johndoe@example.com";
    private const string ShortSchedule = "00:00:01,00:00:01,00:00:01"; // four attempts, one sweep (10 s) apart
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private AppUnderTest _app = null!;

    public async Task InitializeAsync()
    {
        stack.Webhooks.AnswerStatus = (int)HttpStatusCode.OK;
        stack.Webhooks.AnswerNext();
        _app = await StartAppAsync(stack.MailDev.SmtpPort);
    }

    public async Task DisposeAsync()
    {
        Assert.DoesNotContain(_app.LogLines(), l => l.Contains(CustomerEmail, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(_app.LogLines(), l => l.Contains(WebhookReceiver.Secret, StringComparison.Ordinal));
        await _app.DisposeAsync();
    }

    // host.json's queue settings overridden as app settings, as Azure allows: a failed message is back after a second.
    private Task<AppUnderTest> StartAppAsync(int smtpPort) =>
        AppUnderTest.StartAsync(stack.Azurite.ConnectionString, new Dictionary<string, string>(stack.AppSettings(smtpPort))
        {
            ["Notifications__Retries"] = "0", // one post per attempt, so that attempts can be counted at the endpoint
            ["Notifications__RetrySchedule"] = ShortSchedule,
            ["Notifications__DeliveryLeaseTime"] = "00:00:03",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        });

    [Fact]
    public void App_settings_override_the_queue_settings_of_host_json_as_in_azure()
    {
        var applied = HostOptionsLog.Read(_app.LogLines(), "QueuesOptions");

        Assert.Equal(("00:00:01", "00:00:00.2000000"), ((string?)applied["VisibilityTimeout"], (string?)applied["MaxPollingInterval"]));
        Assert.Equal(5, (int)applied["MaxDequeueCount"]!); // what the settings leave alone still comes from host.json
    }

    [Fact]
    public async Task A_success_sends_the_customer_one_receipt_and_the_merchant_one_signed_webhook()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        await AllSentAsync(paymentId, emails: 1, webhooks: 1);
        var email = Assert.Single(await EmailsForAsync(paymentId));
        Assert.Equal([CustomerEmail], email.To);
        Assert.Contains(paymentId, email.Subject, StringComparison.Ordinal);
        Assert.Contains("100.00 KZT", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(AppUnderTest.SecretKey, email.Text, StringComparison.Ordinal);
        var webhook = Assert.Single(stack.Webhooks.For(paymentId));
        Assert.True(webhook.SignatureValid, "the webhook's signature does not verify with the merchant's secret");
        Assert.Equal(NotificationIds.WebhookId(paymentId, "success"), webhook.Id);
        Assert.Equal("payment.succeeded", (string?)webhook.Json["type"]);
        Assert.Equal(JsonNode.Parse($$"""{"paymentId":"{{paymentId}}","status":"success","amount":10000,"currency":"KZT","metadata":{ } }"""), webhook.Json["data"], JsonNode.DeepEquals);
    }

    [Fact]
    public async Task The_same_callback_five_times_and_the_same_message_delivered_again_still_send_one_of_each()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var body = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey);
        var notification = new PaymentNotification(paymentId, "success");
        var queue = _app.Storage.GetRequiredService<NotificationQueue>();

        // The same message six times on the queue, taken in one batch (batchSize 16) and so run side by side, racing
        // for fresh delivery records, while JetPay delivers the callback five times (each queues the message again).
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => queue.EnqueueAsync(notification, CancellationToken.None)));
        for (var i = 0; i < 5; i++)
        {
            using var response = await _app.Client.PostCallbackAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // And twice more, later.
        await queue.EnqueueAsync(notification, CancellationToken.None);
        await queue.EnqueueAsync(notification, CancellationToken.None);

        await AllSentAsync(paymentId, emails: 1, webhooks: 1);
        Assert.Single(await EmailsForAsync(paymentId));
        Assert.Single(stack.Webhooks.For(paymentId));
        var ledger = _app.Storage.GetRequiredService<NotificationDeliveryLedger>();
        foreach (var channel in new[] { NotificationChannel.Email, NotificationChannel.Webhook })
        {
            var record = await ledger.FindAsync(Id(paymentId), "success", channel, CancellationToken.None);
            Assert.Equal((DeliveryState.Sent, 1), (record!.State, record.Attempts));
        }
    }

    [Fact]
    public async Task A_success_for_another_amount_is_held_for_review_with_no_receipt_and_one_review_webhook()
    {
        var paymentId = await _app.Client.CreatePaymentAsync(10000);

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success", amount: 5000));

        Assert.Equal("review", await _app.Client.StatusAsync(paymentId));
        await AllSentAsync(paymentId, emails: 0, webhooks: 1);
        Assert.Empty(await EmailsForAsync(paymentId));
        var webhook = Assert.Single(stack.Webhooks.For(paymentId));
        Assert.True(webhook.SignatureValid);
        Assert.Equal("payment.held_for_review", (string?)webhook.Json["type"]);
        Assert.Equal("review", (string?)webhook.Json["data"]!["status"]);
    }

    [Fact]
    public async Task A_decline_is_told_to_the_merchant_only()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "decline"));

        Assert.Equal("decline", await _app.Client.StatusAsync(paymentId));
        await AllSentAsync(paymentId, emails: 0, webhooks: 1);
        Assert.Empty(await EmailsForAsync(paymentId));
        var webhook = Assert.Single(stack.Webhooks.For(paymentId));
        Assert.True(webhook.SignatureValid);
        Assert.Equal("decline", (string?)webhook.Json["data"]!["status"]);
    }

    [Fact]
    public async Task A_decline_after_a_success_is_told_to_nobody_and_a_later_refund_to_the_merchant()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        using var success = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));
        await AllSentAsync(paymentId, emails: 1, webhooks: 1);

        using var decline = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "decline"));
        using var refund = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "refunded"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (decline.StatusCode, refund.StatusCode));
        await AllSentAsync(paymentId, emails: 1, webhooks: 2);
        Assert.Single(await EmailsForAsync(paymentId));
        Assert.Equal(["success", "refunded"], stack.Webhooks.For(paymentId).Select(w => (string?)w.Json["data"]!["status"]));
    }

    [Fact]
    public async Task An_endpoint_down_for_three_attempts_gets_one_accepted_webhook_with_the_same_id_and_body_on_every_attempt_and_the_receipt_is_not_held_up()
    {
        stack.Webhooks.AnswerNext(503, 503, 503);
        var paymentId = await _app.Client.CreatePaymentAsync();

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        await EventuallyAsync(async () => (await EmailsForAsync(paymentId)).Count == 1, "the receipt");
        Assert.DoesNotContain(stack.Webhooks.For(paymentId), w => w.Accepted); // the receipt did not wait for the webhook
        await AllSentAsync(paymentId, emails: 1, webhooks: 1);
        var attempts = stack.Webhooks.For(paymentId);
        Assert.Equal([503, 503, 503, 200], attempts.Select(w => w.AnsweredStatus));
        Assert.All(attempts, w => Assert.True(w.SignatureValid));
        Assert.Single(attempts.Select(w => w.Id).Distinct());
        Assert.Single(attempts.Select(w => w.Body).Distinct()); // every retry sends the very same event
        Assert.Single(await EmailsForAsync(paymentId));
        var ledger = _app.Storage.GetRequiredService<NotificationDeliveryLedger>();
        var webhook = await ledger.FindAsync(Id(paymentId), "success", NotificationChannel.Webhook, CancellationToken.None);
        Assert.Equal((DeliveryState.Sent, 4, "The merchant's webhook endpoint answered HTTP 503."), (webhook!.State, webhook.Attempts, webhook.LastFailure));
        var email = await ledger.FindAsync(Id(paymentId), "success", NotificationChannel.Email, CancellationToken.None);
        Assert.Equal((DeliveryState.Sent, 1), (email!.State, email.Attempts));
        Assert.Empty(await PoisonedAsync());
    }

    [Fact]
    public async Task When_the_smtp_server_is_down_for_the_whole_schedule_the_receipt_fails_visibly_and_the_webhook_goes_out_once_at_once()
    {
        await _app.DisposeAsync();
        _app = await StartAppAsync(smtpPort: FreePorts.Next()); // nothing listens there
        var paymentId = await _app.Client.CreatePaymentAsync();

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ledger = _app.Storage.GetRequiredService<NotificationDeliveryLedger>();
        await EventuallyAsync(
            async () => (await ledger.FindAsync(Id(paymentId), "success", NotificationChannel.Email, CancellationToken.None))?.State == DeliveryState.Failed,
            "the e-mail delivery failed for good");
        var email = await ledger.FindAsync(Id(paymentId), "success", NotificationChannel.Email, CancellationToken.None);
        Assert.Equal(ShortSchedule.Split(',').Length + 1, email!.Attempts);
        Assert.Null(email.NextAttemptAt);
        Assert.Equal("SocketException: Connection refused", email.LastFailure);
        var logs = _app.LogLines();
        Assert.Contains(logs, l => l.Contains($"Gave up on the e-mail notification of 'success' for payment {paymentId} after 4 attempts", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("Executed 'Functions.SendPaymentNotification' (Failed", StringComparison.Ordinal));
        Assert.Empty(await EmailsForAsync(paymentId));
        var webhook = Assert.Single(stack.Webhooks.For(paymentId));
        Assert.True(webhook.Accepted, "the webhook goes out even though the e-mail cannot");
        Assert.Empty(await PoisonedAsync());
    }

    [Fact]
    public async Task A_webhook_that_failed_for_good_is_listed_as_failed_and_sent_once_when_redelivered_after_the_endpoint_recovers()
    {
        stack.Webhooks.AnswerStatus = (int)HttpStatusCode.InternalServerError;
        var paymentId = await _app.Client.CreatePaymentAsync();
        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        const string webhookId = "success-webhook";
        await EventuallyAsync(async () => (await DeliveryAsync(paymentId, webhookId))?.Text("state") == "failed", "the webhook delivery failed for good");
        var failed = (await DeliveryAsync(paymentId, webhookId))!;
        Assert.Equal(4, (int)failed["attempts"]!);
        Assert.Equal("The merchant's webhook endpoint answered HTTP 500.", failed.Text("lastFailure"));
        Assert.Equal(NotificationIds.WebhookId(paymentId, "success"), failed.Text("eventId"));
        Assert.Equal("payment.succeeded", failed.Text("eventType"));
        Assert.Null(failed["nextAttemptAt"]);
        var receipt = (await DeliveryAsync(paymentId, "success-email"))!;
        Assert.Equal(("sent", 1), (receipt.Text("state"), (int)receipt["attempts"]!));
        Assert.DoesNotContain(CustomerEmail, (await ListAsync(paymentId)).ToJsonString(), StringComparison.OrdinalIgnoreCase);

        stack.Webhooks.AnswerStatus = (int)HttpStatusCode.OK;
        using var redeliver = await _app.Client.PostAsync($"/api/payments/{paymentId}/notifications/{webhookId}/redeliver", null);

        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal("pending", (await redeliver.ReadJsonAsync()).Text("state"));
        await AllSentAsync(paymentId, emails: 1, webhooks: 1);
        await EventuallyAsync(async () => (await DeliveryAsync(paymentId, webhookId))?.Text("state") == "sent", "the redelivered webhook recorded as sent");
        Assert.Single(stack.Webhooks.For(paymentId), w => w.Accepted);
        Assert.Single(stack.Webhooks.For(paymentId).Select(w => w.Id).Distinct());
        Assert.Single(await EmailsForAsync(paymentId));
        Assert.Equal(5, (int)(await DeliveryAsync(paymentId, webhookId))!["attempts"]!);
    }

    [Fact]
    public async Task A_sent_webhook_is_sent_again_on_request_with_the_same_id_and_unknown_ones_are_404()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "decline"));
        await AllSentAsync(paymentId, emails: 0, webhooks: 1);
        await EventuallyAsync(async () => (await DeliveryAsync(paymentId, "decline-webhook"))?.Text("state") == "sent", "the webhook recorded as sent");

        using var again = await _app.Client.PostAsync($"/api/payments/{paymentId}/notifications/decline-webhook/redeliver", null);
        using var unknownPayment = await _app.Client.PostAsync($"/api/payments/{AppRequests.NewPaymentId()}/notifications/decline-webhook/redeliver", null);
        using var unknownDelivery = await _app.Client.PostAsync($"/api/payments/{paymentId}/notifications/success-webhook/redeliver", null);
        using var malformed = await _app.Client.PostAsync($"/api/payments/{paymentId}/notifications/nonsense/redeliver", null);
        using var listUnknown = await _app.Client.GetAsync($"/api/payments/{AppRequests.NewPaymentId()}/notifications");

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (unknownPayment.StatusCode, unknownDelivery.StatusCode, malformed.StatusCode, listUnknown.StatusCode));
        await EventuallyAsync(() => Task.FromResult(stack.Webhooks.For(paymentId).Count(w => w.Accepted) == 2), "the webhook sent a second time");
        var both = stack.Webhooks.For(paymentId);
        Assert.Single(both.Select(w => w.Id).Distinct());
        Assert.Single(both.Select(w => w.Body).Distinct());
        Assert.Equal("payment.declined", (string?)both[0].Json["type"]);
    }

    [Fact]
    public async Task A_claim_left_by_a_process_that_died_mid_send_is_taken_over_when_it_runs_out()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var ledger = _app.Storage.GetRequiredService<NotificationDeliveryLedger>();
        var eventId = NotificationIds.ReceiptMessageId(paymentId, "success", "shop.example");
        var opened = await ledger.OpenAsync(Id(paymentId), "success", NotificationChannel.Email, eventId, null, CancellationToken.None);
        var deadClaim = await ledger.TryClaimAsync(opened, CancellationToken.None);
        Assert.NotNull(deadClaim); // ... and never marked sent nor given back

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        await AllSentAsync(paymentId, emails: 1, webhooks: 1);
        Assert.Single(await EmailsForAsync(paymentId));
        await EventuallyAsync(async () => (await ledger.FindAsync(Id(paymentId), "success", NotificationChannel.Email, CancellationToken.None))?.State == DeliveryState.Sent, "the receipt recorded as sent");
        var record = await ledger.FindAsync(Id(paymentId), "success", NotificationChannel.Email, CancellationToken.None);
        Assert.Equal((DeliveryState.Sent, 2), (record!.State, record.Attempts));
        Assert.Contains(_app.LogLines(), l => l.Contains("Taking over the e-mail notification of 'success'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_notification_for_an_unknown_payment_or_a_message_that_is_no_notification_is_logged_and_completed()
    {
        var unknown = AppRequests.NewPaymentId();
        await _app.Storage.GetRequiredService<NotificationQueue>().EnqueueAsync(new PaymentNotification(unknown, "success"), CancellationToken.None);
        await RawQueue(JetPay.Payments.Storage.StorageNames.NotificationQueue).SendMessageAsync(Convert.ToBase64String("{\"hello\":1}"u8));

        await EventuallyAsync(QueueDrainedAsync, "the queue drained");
        var logs = _app.LogLines();
        Assert.Contains(logs, l => l.Contains("A callback reported 'success' for a payment the app does not know", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("Queue message of 11 characters is not a payment notification, dropped", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("Executed 'Functions.SendPaymentNotification' (Failed", StringComparison.Ordinal));
        Assert.DoesNotContain(await PoisonedAsync(), n => n.PaymentId == unknown);
        Assert.Empty(stack.Webhooks.For(unknown));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_straight_to_the_poison_queue_with_the_reason_logged()
    {
        var text = "not base64 " + Guid.NewGuid();

        await RawQueue(JetPay.Payments.Storage.StorageNames.NotificationQueue).SendMessageAsync(text);

        await EventuallyAsync(async () => (await RawPoisonTextsAsync()).Contains(text), "the message in the poison queue");
        Assert.DoesNotContain(_app.LogLines(), l => l.Contains("Executed 'Functions.SendPaymentNotification'", StringComparison.Ordinal)); // never reached the function
    }

    private static PaymentId Id(string paymentId) => PaymentId.TryParse(paymentId, out var id) ? id : throw new ArgumentException(paymentId);

    private Task<HttpResponseMessage> DeliverAsync(JsonObject payload) =>
        _app.Client.PostCallbackAsync(SignedCallbacks.Sign(payload, AppUnderTest.SecretKey));

    private async Task<IReadOnlyList<ReceivedEmail>> EmailsForAsync(string paymentId) =>
        (await stack.MailDev.EmailsAsync()).Where(e => e.Subject.Contains(paymentId, StringComparison.Ordinal)).ToList();

    /// <summary>Waits until the expected notifications arrived and the queue is empty, so that nothing more can come.</summary>
    private Task AllSentAsync(string paymentId, int emails, int webhooks) =>
        EventuallyAsync(
            async () => (await EmailsForAsync(paymentId)).Count >= emails
                && stack.Webhooks.For(paymentId).Count(w => w.Accepted) >= webhooks
                && await QueueDrainedAsync(),
            $"{emails} e-mail(s) and {webhooks} webhook(s) for {paymentId}, and the queue drained");

    // The approximate count includes messages that are being processed (invisible), so 0 means all are done.
    private async Task<bool> QueueDrainedAsync() =>
        (await RawQueue(JetPay.Payments.Storage.StorageNames.NotificationQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;

    private QueueClient RawQueue(string name) => new(stack.Azurite.ConnectionString, name);

    private async Task<IReadOnlyList<string>> RawPoisonTextsAsync()
    {
        var poison = RawQueue(JetPay.Payments.Storage.StorageNames.NotificationPoisonQueue);
        await poison.CreateIfNotExistsAsync();
        return (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
    }

    private async Task<IReadOnlyList<PaymentNotification>> PoisonedAsync() =>
        (await RawPoisonTextsAsync())
            .Select(text => TryDecode(text))
            .OfType<PaymentNotification>()
            .ToList();

    private static PaymentNotification? TryDecode(string text)
    {
        try
        {
            return PaymentNotification.FromJson(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<System.Text.Json.Nodes.JsonObject> ListAsync(string paymentId)
    {
        using var response = await _app.Client.GetAsync($"/api/payments/{paymentId}/notifications");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<JsonObject?> DeliveryAsync(string paymentId, string notificationId) =>
        (await ListAsync(paymentId))["notifications"]!.AsArray().OfType<JsonObject>().SingleOrDefault(n => n.Text("notificationId") == notificationId);

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Eventually.UntilAsync(condition, what, Patience);
}
