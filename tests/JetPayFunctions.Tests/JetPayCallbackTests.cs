using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using JetPay.Payments.Callbacks;

namespace JetPayFunctions.Tests;

[Collection(ApiCollection.Name)]
public sealed class JetPayCallbackTests(ApiFixture api)
{
    private readonly ApiFixture _api = api;
    private readonly AppUnderTest _app = api.Fresh();

    private Task<HttpResponseMessage> DeliverAsync(JsonObject payload, string? secretKey = null) =>
        _app.Client.PostCallbackAsync(SignedCallbacks.Sign(payload, secretKey ?? AppUnderTest.SecretKey));

    private Task<IReadOnlyList<StoredCallback>> StoredCallbacksAsync(string paymentId) =>
        _app.Storage.GetRequiredService<CallbackLedger>().CallbacksAsync(paymentId, CancellationToken.None);

    /// <summary>The notifications queued for the payment, each checked to name its stand-in in the schedule and compared without it.</summary>
    private async Task<IReadOnlyList<PaymentNotification>> QueuedAsync(string paymentId)
    {
        var queued = await _api.QueuedForAsync(paymentId);
        Assert.All(queued, n => Assert.NotNull(n.IntakeKey));
        return queued.Select(n => n with { IntakeKey = null }).ToList();
    }

    [Fact]
    public async Task A_success_callback_answers_200_marks_the_payment_paid_stores_the_raw_body_and_queues_a_notification()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var body = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey);

        using var response = await _app.Client.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Recorded", (await response.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        var stored = Assert.Single(await StoredCallbacksAsync(paymentId));
        Assert.Equal(body, stored.RawBody);
        Assert.Equal("success", stored.PaymentStatus);
        Assert.Equal([new PaymentNotification(paymentId, "success")], await QueuedAsync(paymentId));
    }

    [Fact]
    public async Task The_stored_callback_keeps_beside_its_raw_body_the_signing_string_its_status_was_read_from()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var payload = SignedCallbacks.Purchase(paymentId, "success");
        payload["payment"]!["description"] = "Tea; size: L";
        payload["frame_mode"] = new JsonObject { ["payment"] = new JsonObject { ["status"] = "decline" } };
        var body = SignedCallbacks.Sign(payload, AppUnderTest.SecretKey);
        payload.Remove("frame_mode");

        using var response = await _app.Client.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await StoredCallbacksAsync(paymentId));
        Assert.Equal(body, stored.RawBody);
        Assert.Equal(JetPay.PaymentPage.PaymentPageSignature.BuildSigningString(System.Text.Json.JsonDocument.Parse(payload.ToJsonString()).RootElement), stored.SigningString);
        Assert.Contains(";payment:status:success;", stored.SigningString, StringComparison.Ordinal);
        Assert.DoesNotContain("decline", stored.SigningString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_callback_delivered_five_times_is_stored_once_and_each_delivery_asks_for_the_same_notification()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var body = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey);

        var outcomes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await _app.Client.PostCallbackAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add((await response.ReadJsonAsync()).Text("outcome"));
        }

        Assert.Equal(["Recorded", "Duplicate", "Duplicate", "Duplicate", "Duplicate"], outcomes);
        Assert.Single(await StoredCallbacksAsync(paymentId));

        // Any delivery may follow one that died before enqueueing; the sender sends once per status (PaymentNotificationTests).
        var queued = await QueuedAsync(paymentId);
        Assert.Equal(5, queued.Count);
        Assert.Equal([new PaymentNotification(paymentId, "success")], queued.Distinct());
    }

    [Fact]
    public async Task A_callback_stored_before_callbacks_were_keyed_by_their_signing_string_still_counts_and_its_redelivery_changes_nothing()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var body = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey);
        var table = new Azure.Data.Tables.TableClient(_api.ConnectionString, StorageNames.PaymentsTable);
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(paymentId, "callback-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)))
        {
            ["RawBody"] = body,
            ["PaymentId"] = paymentId,
            ["ProjectId"] = AppUnderTest.ProjectId,
            ["PaymentStatus"] = "success",
            ["Amount"] = 10000L,
            ["Currency"] = "KZT",
            ["ReceivedAt"] = DateTimeOffset.UtcNow,
        });
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));

        using var redelivered = await _app.Client.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        Assert.Equal(2, (await StoredCallbacksAsync(paymentId)).Count);
        Assert.All(await StoredCallbacksAsync(paymentId), stored => Assert.Equal(body, stored.RawBody));
        Assert.Equal([new PaymentNotification(paymentId, "success")], await QueuedAsync(paymentId));
    }

    [Fact]
    public async Task A_tampered_body_answers_403_and_changes_nothing()
    {
        var paymentId = await _app.Client.CreatePaymentAsync(10000);
        var signed = JsonNode.Parse(SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "decline"), AppUnderTest.SecretKey))!.AsObject();
        signed["payment"]!["status"] = "success";

        using var response = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(signed.ToJsonString()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("invalid_signature", (await response.ReadJsonAsync()).Text("code"));
        Assert.Equal("pending", await _app.Client.StatusAsync(paymentId));
        Assert.Empty(await StoredCallbacksAsync(paymentId));
        Assert.Empty(await QueuedAsync(paymentId));
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData(null)]
    public async Task A_callback_signed_with_another_secret_or_unsigned_answers_403_and_changes_nothing(string? secret)
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var payload = SignedCallbacks.Purchase(paymentId, "success");
        var body = secret is null ? Encoding.UTF8.GetBytes(payload.ToJsonString()) : SignedCallbacks.Sign(payload, secret);

        using var response = await _app.Client.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("pending", await _app.Client.StatusAsync(paymentId));
        Assert.Empty(await StoredCallbacksAsync(paymentId));
    }

    [Fact]
    public async Task During_a_rotation_a_callback_signed_with_the_previous_secret_is_accepted()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"), ApiFixture.PreviousSecretKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
    }

    [Fact]
    public async Task A_late_in_progress_status_never_overwrites_a_final_one()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        using var success = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        using var lateProcessing = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "processing"));
        using var lateAwaiting = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "awaiting customer"));

        Assert.Equal(HttpStatusCode.OK, lateProcessing.StatusCode);
        Assert.Equal("Recorded", (await lateProcessing.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("Recorded", (await lateAwaiting.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        Assert.Equal(3, (await StoredCallbacksAsync(paymentId)).Count);
        Assert.Single(await QueuedAsync(paymentId));
    }

    [Fact]
    public async Task A_decline_after_success_does_not_unpay_the_payment_but_a_refund_follows_it()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        using var success = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        using var decline = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "decline"));
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        using var refund = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "refunded"));

        Assert.Equal("refunded", await _app.Client.StatusAsync(paymentId));

        // Every final report asks for the notifications; the sender tells the status as stored, so no "decline" goes out.
        Assert.Equal(["success", "decline", "refunded"], (await QueuedAsync(paymentId)).Select(n => n.ReportedStatus));
    }

    [Theory]
    [InlineData(5000, "KZT")]
    [InlineData(10000, "USD")]
    public async Task A_success_for_another_amount_or_currency_is_held_for_review(long amount, string currency)
    {
        var paymentId = await _app.Client.CreatePaymentAsync(10000);

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success", amount, currency));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Recorded", (await response.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("review", await _app.Client.StatusAsync(paymentId));
    }

    [Fact]
    public async Task A_callback_for_an_unknown_payment_is_stored_and_answered_200_and_creates_no_payment()
    {
        var paymentId = AppRequests.NewPaymentId();

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Recorded", (await response.ReadJsonAsync()).Text("outcome"));
        Assert.Single(await StoredCallbacksAsync(paymentId));
        using var read = await _app.Client.GetAsync($"/api/payments/{paymentId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task A_callback_for_a_payment_id_the_app_never_issues_is_stored_logged_and_notifies_nobody()
    {
        var paymentId = "not/ours " + Guid.NewGuid().ToString("N");

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(paymentId, Assert.Single(await StoredCallbacksAsync(paymentId)).PaymentId);
        Assert.Empty(await QueuedAsync(paymentId));
        await Eventually.UntilAsync(
            () => Task.FromResult(_app.LogLines().Any(l => l.Contains("Callback with status 'success' for a payment id the app never issues", StringComparison.Ordinal))),
            "the log line",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_signed_callback_for_another_project_answers_400_and_changes_nothing()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();

        using var response = await DeliverAsync(SignedCallbacks.Purchase(paymentId, "success", projectId: 999));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pending", await _app.Client.StatusAsync(paymentId));
        Assert.Empty(await StoredCallbacksAsync(paymentId));
    }

    [Theory]
    [InlineData("not json at all", "malformed_json")]
    [InlineData("[1,2,3]", "malformed_json")]
    [InlineData("{\"payment\":", "malformed_json")]
    public async Task A_body_that_is_not_a_json_object_answers_400(string body, string code)
    {
        using var response = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.ReadJsonAsync()).Text("code"));
    }

    [Fact]
    public async Task A_signed_callback_without_a_payment_id_answers_400()
    {
        using var response = await DeliverAsync(new JsonObject { ["project_id"] = 123, ["payment"] = new JsonObject { ["status"] = "success" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("missing_payment_id", (await response.ReadJsonAsync()).Text("code"));
    }

    [Fact]
    public async Task A_body_over_64_KiB_answers_413()
    {
        var payload = SignedCallbacks.Purchase(AppRequests.NewPaymentId(), "success");
        payload["padding"] = new string('x', 64 * 1024);

        using var response = await DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task If_the_process_dies_before_the_notification_is_queued_the_redelivered_callback_completes_the_work_once()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var body = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey);

        // A first delivery taken by an instance that died after storing the callback and the status, before enqueueing:
        // the same core on the same storage, with a queue that fails as the dying process did.
        await using (var dying = DyingInstance(out var queue))
        {
            queue.FailNext(1);
            await Assert.ThrowsAsync<InvalidOperationException>(() => dying.GetRequiredService<CallbackReceiver>().ReceiveAsync(body, CancellationToken.None));
        }

        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        Assert.Empty(await QueuedAsync(paymentId));

        using var redelivered = await _app.Client.PostCallbackAsync(body);
        using var again = await _app.Client.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal("Duplicate", (await redelivered.ReadJsonAsync()).Text("outcome"));
        Assert.Equal([new PaymentNotification(paymentId, "success"), new PaymentNotification(paymentId, "success")], await QueuedAsync(paymentId));
        Assert.Single(await StoredCallbacksAsync(paymentId));
    }

    private ServiceProvider DyingInstance(out RecordingNotificationQueue queue)
    {
        var provider = AppUnderTest.CoreServices(
            AppUnderTest.BaseSettings(_api.ConnectionString, _app.JetPay.BaseUri),
            services => services.Replace(ServiceDescriptor.Singleton<NotificationQueue, RecordingNotificationQueue>()));
        queue = (RecordingNotificationQueue)provider.GetRequiredService<NotificationQueue>();
        return provider;
    }

    [Fact]
    public async Task Concurrent_callbacks_for_one_payment_all_get_stored_and_the_most_advanced_status_wins()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var statuses = new[] { "processing", "awaiting customer", "success", "processing", "awaiting 3ds result" };

        var responses = await Task.WhenAll(statuses.Select(s => DeliverAsync(SignedCallbacks.Purchase(paymentId, s))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        Assert.Equal(statuses.Length, (await StoredCallbacksAsync(paymentId)).Count);

        Assert.Equal([new PaymentNotification(paymentId, "success")], await QueuedAsync(paymentId));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
