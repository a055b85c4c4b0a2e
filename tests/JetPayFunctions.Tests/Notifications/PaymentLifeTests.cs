using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JetPay.Payments.Storage;
using JetPay.Testing;

namespace JetPayFunctions.Tests.Notifications;

/// <summary>
/// A payment's whole life on <c>func start</c>, notifications on: expiry, cancellation, money that arrives after either,
/// and the merchant's metadata on every answer and webhook.
/// </summary>
public sealed class PaymentLifeTests(NotificationStack stack) : IClassFixture<NotificationStack>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private AppUnderTest _app = null!;

    public async Task InitializeAsync()
    {
        stack.Webhooks.AnswerStatus = (int)HttpStatusCode.OK;
        stack.Webhooks.AnswerNext();
        _app = await AppUnderTest.StartAsync(stack.Azurite.ConnectionString, new Dictionary<string, string>(stack.AppSettings())
        {
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_payment_expires_at_its_expires_at_tells_the_merchant_once_and_money_after_it_is_held_for_review_without_a_receipt()
    {
        var paymentId = AppRequests.NewPaymentId();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(62).ToUnixTimeSeconds());
        var order = AppRequests.Order(paymentId);
        order["expiresAt"] = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        order["metadata"] = new JsonObject { ["orderRef"] = "A-1001" };

        using var created = await _app.Client.CreateAsync(order);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var payment = await created.ReadJsonAsync();
        Assert.Equal(expiresAt, DateTimeOffset.Parse(payment.Text("expiresAt"), CultureInfo.InvariantCulture));
        Assert.NotNull(payment["qrCodeUrl"]);
        Assert.Equal(expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture), Assert.Single(_app.JetPay.Requests)["best_before"]);
        Assert.DoesNotContain(_app.JetPay.Requests.First().Keys, k => k.Contains("metadata", StringComparison.OrdinalIgnoreCase));

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        using (var read = await _app.Client.GetAsync($"/api/payments/{paymentId}"))
        {
            var expired = await read.ReadJsonAsync();
            Assert.Equal("expired", expired.Text("status"));
            Assert.Null(expired["qrCodeUrl"]);
        }

        await Eventually.UntilAsync(() => Task.FromResult(stack.Webhooks.For(paymentId).Any(w => w.Accepted)), "the payment.expired webhook", Patience);
        var webhook = Assert.Single(stack.Webhooks.For(paymentId));
        Assert.True(webhook.SignatureValid);
        Assert.Equal("payment.expired", (string?)webhook.Json["type"]);
        Assert.Equal("A-1001", (string?)webhook.Json["data"]!["metadata"]!["orderRef"]);

        // The customer had the page open: the money arrives all the same.
        using var late = await DeliverAsync(paymentId, "success");

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var held = await ReadAsync(paymentId);
        Assert.Equal(("review", "paid_after_expiry"), (held.Text("status"), held.Text("reviewReason")));
        await Eventually.UntilAsync(() => Task.FromResult(stack.Webhooks.For(paymentId).Count(w => w.Accepted) == 2), "the payment.held_for_review webhook", Patience);
        var review = stack.Webhooks.For(paymentId)[1];
        Assert.Equal("payment.held_for_review", (string?)review.Json["type"]);
        Assert.Equal("paid_after_expiry", (string?)review.Json["data"]!["reviewReason"]);
        await Task.Delay(TimeSpan.FromSeconds(11)); // a sweep later: nothing more comes
        Assert.Equal(["payment.expired", "payment.held_for_review"], stack.Webhooks.For(paymentId).Select(w => (string?)w.Json["type"]));
        Assert.Empty(await EmailsForAsync(paymentId));
    }

    [Fact]
    public async Task A_pending_payment_is_canceled_once_told_once_and_money_after_it_is_held_for_review()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();

        using var first = await CancelAsync(paymentId);
        using var second = await CancelAsync(paymentId);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var canceled = await first.ReadJsonAsync();
        Assert.Equal("canceled", canceled.Text("status"));
        Assert.Null(canceled["qrCodeUrl"]);
        Assert.Equal(canceled.ToJsonString(), (await second.ReadJsonAsync()).ToJsonString());
        await Eventually.UntilAsync(() => Task.FromResult(stack.Webhooks.For(paymentId).Any(w => w.Accepted)), "the payment.canceled webhook", Patience);

        using var late = await DeliverAsync(paymentId, "success");

        var held = await ReadAsync(paymentId);
        Assert.Equal(("review", "paid_after_cancel"), (held.Text("status"), held.Text("reviewReason")));
        await Eventually.UntilAsync(() => Task.FromResult(stack.Webhooks.For(paymentId).Count(w => w.Accepted) == 2), "the payment.held_for_review webhook", Patience);
        Assert.Equal(["payment.canceled", "payment.held_for_review"], stack.Webhooks.For(paymentId).Select(w => (string?)w.Json["type"]));
        Assert.Empty(await EmailsForAsync(paymentId));
        using var afterMoney = await CancelAsync(paymentId);
        Assert.Equal(HttpStatusCode.Conflict, afterMoney.StatusCode);
        Assert.Equal("review", (await afterMoney.ReadJsonAsync()).Text("paymentStatus"));
    }

    [Fact]
    public async Task A_final_payment_answers_409_with_its_status_and_an_unknown_one_404()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        using var paid = await DeliverAsync(paymentId, "success");

        using var final = await CancelAsync(paymentId);
        using var unknown = await CancelAsync(AppRequests.NewPaymentId());

        Assert.Equal(HttpStatusCode.Conflict, final.StatusCode);
        var problem = await final.ReadJsonAsync();
        Assert.Equal(("payment_final", "success"), (problem.Text("code"), problem.Text("paymentStatus")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
    }

    [Fact]
    public async Task A_cancellation_racing_a_success_callback_ends_as_the_storage_saw_them_first_and_both_are_on_record()
    {
        var payments = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            payments.Add(await _app.Client.CreatePaymentAsync());
        }

        var answers = await Task.WhenAll(payments.Select(async paymentId =>
        {
            var cancel = CancelAsync(paymentId);
            var callback = DeliverAsync(paymentId, "success");
            using var canceled = await cancel;
            using var paid = await callback;
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode); // money is never refused
            var body = await canceled.ReadJsonAsync();
            return (paymentId, canceled.StatusCode, Told: body.Text(canceled.StatusCode == HttpStatusCode.OK ? "status" : "paymentStatus"));
        }));

        var table = new TableClient(stack.Azurite.ConnectionString, StorageNames.PaymentsTable);
        foreach (var (paymentId, status, told) in answers)
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == paymentId))
            {
                rows.Add(row);
            }

            // What the storage saw first: its own write times.
            var money = Assert.Single(rows, r => r.RowKey.StartsWith("callback-", StringComparison.Ordinal)).Timestamp;
            var cancellation = rows.SingleOrDefault(r => r.RowKey == "cancel")?.Timestamp;
            var payment = await ReadAsync(paymentId);
            if (cancellation is { } canceledAt && canceledAt <= money)
            {
                // The cancellation came first: the money is held, never lost and never shown as paid.
                Assert.Equal(("review", "paid_after_cancel"), (payment.Text("status"), payment.Text("reviewReason")));
                Assert.Equal(status == HttpStatusCode.OK ? "canceled" : "review", told);
            }
            else
            {
                // The money came first (the cancellation found it, or was stored after it): paid, and the cancel says so.
                Assert.Equal("success", payment.Text("status"));
                Assert.Equal((HttpStatusCode.Conflict, "success"), (status, told));
            }
        }

        // One receipt for each payment that is paid, none for one held for review.
        var paidIds = answers.Where(a => a.StatusCode == HttpStatusCode.Conflict && a.Told == "success").Select(a => a.paymentId).ToList();
        await Eventually.UntilAsync(async () => (await stack.MailDev.EmailsAsync()).Count(e => payments.Exists(p => e.Subject.Contains(p, StringComparison.Ordinal))) >= paidIds.Count, "the receipts", Patience);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var emails = await stack.MailDev.EmailsAsync();
        foreach (var paymentId in payments)
        {
            Assert.Equal(paidIds.Contains(paymentId) ? 1 : 0, emails.Count(e => e.Subject.Contains(paymentId, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Metadata_comes_back_on_every_read_and_other_metadata_under_the_same_id_is_a_conflict()
    {
        var order = AppRequests.Order();
        order["metadata"] = new JsonObject { ["orderRef"] = "A-17", ["cart"] = "c-9" };
        var reordered = AppRequests.Order(order.Text("paymentId"));
        reordered["metadata"] = new JsonObject { ["cart"] = "c-9", ["orderRef"] = "A-17" };
        var other = AppRequests.Order(order.Text("paymentId"));
        other["metadata"] = new JsonObject { ["orderRef"] = "A-18", ["cart"] = "c-9" };
        var none = AppRequests.Order(order.Text("paymentId"));

        using var created = await _app.Client.CreateAsync(order);
        using var again = await _app.Client.CreateAsync(reordered);
        using var conflicting = await _app.Client.CreateAsync(other);
        using var without = await _app.Client.CreateAsync(none);

        var expected = JsonNode.Parse("""{"orderRef":"A-17","cart":"c-9"}""");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, again.StatusCode));
        Assert.Equal(expected, (await created.ReadJsonAsync())["metadata"], JsonNode.DeepEquals);
        Assert.Equal(expected, (await again.ReadJsonAsync())["metadata"], JsonNode.DeepEquals);
        Assert.Equal(expected, (await ReadAsync(order.Text("paymentId")))["metadata"], JsonNode.DeepEquals);
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (conflicting.StatusCode, without.StatusCode));
        Assert.Equal("payment_conflict", (await conflicting.ReadJsonAsync()).Text("code"));
        Assert.Single(_app.JetPay.Requests);
    }

    private Task<HttpResponseMessage> CancelAsync(string paymentId) =>
        _app.Client.PostAsync(new Uri($"/api/payments/{paymentId}/cancel", UriKind.Relative), null);

    private Task<HttpResponseMessage> DeliverAsync(string paymentId, string status) =>
        _app.Client.PostCallbackAsync(SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, status), AppUnderTest.SecretKey));

    private async Task<JsonObject> ReadAsync(string paymentId)
    {
        using var response = await _app.Client.GetAsync($"/api/payments/{paymentId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<IReadOnlyList<ReceivedEmail>> EmailsForAsync(string paymentId) =>
        (await stack.MailDev.EmailsAsync()).Where(e => e.Subject.Contains(paymentId, StringComparison.Ordinal)).ToList();
}
