using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JetPayFunctions.Tests.Notifications;

/// <summary>
/// Attacks with one genuinely signed callback, re-spelled so that its signature still holds, against the app under
/// <c>func start</c> with its real queue, SMTP server and webhook endpoint: none may change a status, store a row, send an e-mail or a webhook.
/// </summary>
public sealed class CallbackBindingAttackTests(NotificationStack stack) : IClassFixture<NotificationStack>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private AppUnderTest _app = null!;

    public async Task InitializeAsync()
    {
        stack.Webhooks.AnswerStatus = (int)HttpStatusCode.OK;
        _app = await AppUnderTest.StartAsync(stack.Azurite.ConnectionString, new Dictionary<string, string>(stack.AppSettings())
        {
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    public async Task A_declined_callback_moved_under_a_key_that_drops_out_cannot_pay_another_payment(string key)
    {
        var victim = await _app.Client.CreatePaymentAsync(10000);
        var other = await _app.Client.CreatePaymentAsync(10000);
        var genuine = SignedCallbacks.Purchase(other, "decline");
        using (var delivered = await DeliverAsync(genuine))
        {
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        var forged = $$$"""
            {"payment":{"id":"{{{victim}}}","status":"success","sum":{"amount":5000000,"currency":"KZT"}},
             "operation":{"status":"success"},
             "{{{key}}}":{{{{Fields(genuine)}}}},
             "signature":"{{{SignatureOf(genuine)}}}"}
            """;

        await AssertRefusedAsync(forged, HttpStatusCode.Forbidden, "ambiguous_signature", victim, other);
    }

    [Fact]
    public async Task Entries_lifted_out_of_a_genuine_callbacks_free_text_cannot_pay_another_payment()
    {
        var victim = await _app.Client.CreatePaymentAsync(10000);
        var other = await _app.Client.CreatePaymentAsync(10000);
        var injected = $"payment:id:{victim};payment:status:success;payment:sum:amount:5000000;payment:sum:currency:KZT;project_id:123";
        var (genuine, forged) = SigningStringForgery.LiftEntriesOutOfFreeText(SignedCallbacks.Purchase(other, "decline"), "operation", "message", injected);

        await AssertRefusedAsync(Signed(forged.ToJsonString(), SignatureOf(genuine)), HttpStatusCode.Forbidden, "ambiguous_signature", victim, other);
    }

    [Fact]
    public async Task Forgeries_arriving_before_the_genuine_callback_are_refused_too()
    {
        var victim = await _app.Client.CreatePaymentAsync(10000);
        var other = await _app.Client.CreatePaymentAsync(10000);
        var genuine = SignedCallbacks.Purchase(other, "success");
        var signature = SignatureOf(genuine);
        var payment = (JsonObject)genuine["payment"]!;
        var operation = (JsonObject)genuine["operation"]!;
        var rest = "\"project_id\":123,\"customer\":{\"id\":\"customer_123\"},\"operation\":" + operation.ToJsonString();

        var attacks = new (string Body, HttpStatusCode Status, string Code)[]
        {
            // The same id twice: PHP signs the last, a reader could take the first.
            ($$$"""{"payment":{"id":"{{{victim}}}",{{{payment.ToJsonString()[1..]}}},{{{rest}}},"signature":"{{{signature}}}"}""", HttpStatusCode.Forbidden, "ambiguous_signature"),
            // payment.id swallowed into the value before it: "payment:description:;payment:id:…" signs as one entry.
            ($$$"""{"payment":{"type":"purchase","status":"success","date":"{{{payment["date"]}}}","method":"mobile","sum":{"amount":10000,"currency":"KZT"},"description":";payment:id:{{{other}}}"},{{{rest}}},"signature":"{{{signature}}}"}""", HttpStatusCode.Forbidden, "ambiguous_signature"),
            // The amount's object written as a value holding its entries: "payment:sum:amount:10000;payment:sum:currency:KZT".
            ($$$"""{"payment":{"id":"{{{other}}}","type":"purchase","status":"success","date":"{{{payment["date"]}}}","method":"mobile","sum":"amount:10000;payment:sum:currency:KZT","description":""},{{{rest}}},"signature":"{{{signature}}}"}""", HttpStatusCode.Forbidden, "ambiguous_signature"),
            ($$$"""{"payment":{"id":"{{{other}}}","type":"purchase","status":"success","date":"{{{payment["date"]}}}","method":"mobile","sum":{"amount":"10000;payment:sum:currency:KZT"},"description":""},{{{rest}}},"signature":"{{{signature}}}"}""", HttpStatusCode.Forbidden, "ambiguous_signature"),
        };

        foreach (var (body, status, code) in attacks)
        {
            await AssertRefusedAsync(body, status, code, victim, other);
        }

        using var delivered = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes($$$"""{{{genuine.ToJsonString()[..^1]}}},"signature":"{{{signature}}}"}"""));
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("success", await _app.Client.StatusAsync(other));
    }

    [Theory]
    [InlineData("1e4")]
    [InlineData("1E+4")]
    [InlineData("10000.0")]
    [InlineData("100000e-1")]
    [InlineData("\"10000\"")]
    public async Task A_paid_payment_re_posted_with_its_amount_re_spelled_stays_paid_and_notifies_nobody_again(string amount)
    {
        var paymentId = await _app.Client.CreatePaymentAsync(10000);
        var body = Encoding.UTF8.GetString(SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey));
        using (var paid = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(body)))
        {
            Assert.Equal("Recorded", (await paid.ReadJsonAsync()).Text("outcome"));
        }

        await AllSentAsync(paymentId);
        var rows = await StoredCallbacksAsync(paymentId);
        var respelled = body.Replace("\"amount\":10000", $"\"amount\":{amount}", StringComparison.Ordinal);
        Assert.NotEqual(body, respelled);

        using var response = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(respelled));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Duplicate", (await response.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
        Assert.Equal(rows, await StoredCallbacksAsync(paymentId));
        await AllSentAsync(paymentId);
        Assert.Single(stack.Webhooks.For(paymentId));
        Assert.Single(await EmailsForAsync(paymentId));
    }

    [Fact]
    public async Task A_first_delivery_with_a_re_spelled_amount_reads_the_signed_amount_and_pays()
    {
        var paymentId = await _app.Client.CreatePaymentAsync(10000);
        var body = Encoding.UTF8.GetString(SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey))
            .Replace("\"amount\":10000", "\"amount\":1e4", StringComparison.Ordinal);

        using var response = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(body));

        Assert.Equal("Recorded", (await response.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("success", await _app.Client.StatusAsync(paymentId));
    }

    [Fact]
    public async Task Re_spellings_of_a_stored_callback_are_duplicates_and_store_nothing()
    {
        var paymentId = await _app.Client.CreatePaymentAsync(10000);
        var genuine = SignedCallbacks.Purchase(paymentId, "decline");
        var signature = SignatureOf(genuine);
        using (var first = await DeliverAsync(genuine))
        {
            Assert.Equal("Recorded", (await first.ReadJsonAsync()).Text("outcome"));
        }

        var reordered = new JsonObject(genuine.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var respellings = new[]
        {
            Signed(genuine.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), signature),
            Signed(reordered.ToJsonString(), signature),
            Signed(genuine.ToJsonString()[..^1] + ""","frame_mode":"iframe"}""", signature),
            Signed(genuine.ToJsonString().Replace("\"project_id\":123", "\"project_id\":\"123\"", StringComparison.Ordinal), signature),
            Signed(genuine.ToJsonString().Replace("\"description\":\"\"", "\"description\":null", StringComparison.Ordinal), signature),
            Signed(genuine.ToJsonString()[..^1] + ""","extra":["a","b"],"none":{}}""", SignatureOf(Parse(genuine.ToJsonString()[..^1] + ""","extra":{"0":"a","1":"b"}}"""))),
        };

        using var withMoreFields = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(respellings[^1]));
        Assert.Equal("Recorded", (await withMoreFields.ReadJsonAsync()).Text("outcome")); // more was signed: a new row
        foreach (var body in respellings[..^1])
        {
            using var response = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Duplicate", (await response.ReadJsonAsync()).Text("outcome"));
        }

        using var arrayAsObject = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(Signed(genuine.ToJsonString()[..^1] + ""","extra":{"0":"a","1":"b"}}""", SignatureOf(Parse(genuine.ToJsonString()[..^1] + ""","extra":{"0":"a","1":"b"}}""")))));
        Assert.Equal("Duplicate", (await arrayAsObject.ReadJsonAsync()).Text("outcome"));
        Assert.Equal("decline", await _app.Client.StatusAsync(paymentId));
        Assert.Equal(2, await StoredCallbacksAsync(paymentId));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"ten\"")]
    [InlineData("true")]
    public async Task A_signed_success_whose_amount_is_no_integer_answers_400_and_stores_nothing(string amount)
    {
        var paymentId = await _app.Client.CreatePaymentAsync(10000);
        var payload = Parse(SignedCallbacks.Purchase(paymentId, "success").ToJsonString().Replace("\"amount\":10000,\"currency\":\"KZT\"},\"description\"", $"\"amount\":{amount},\"currency\":\"KZT\"}},\"description\"", StringComparison.Ordinal));

        using var response = await DeliverAsync(payload);

        // true signs as 1: an amount of one minor unit, read as such and held for review.
        if (amount == "true")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("review", await _app.Client.StatusAsync(paymentId));
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unreadable_field", (await response.ReadJsonAsync()).Text("code"));
        Assert.Equal("pending", await _app.Client.StatusAsync(paymentId));
        Assert.Equal(0, await StoredCallbacksAsync(paymentId));
    }

    private async Task AssertRefusedAsync(string body, HttpStatusCode status, string code, string victim, string other)
    {
        var victimRows = await StoredCallbacksAsync(victim);
        var otherRows = await StoredCallbacksAsync(other);
        var otherStatus = await _app.Client.StatusAsync(other);
        Assert.True(JetPay.PaymentPage.PaymentPageSignature.Verify(Encoding.UTF8.GetBytes(body), AppUnderTest.SecretKey), "the forgery must verify, or the test shows nothing");

        using var response = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.ReadJsonAsync()).Text("code"));
        Assert.Equal("pending", await _app.Client.StatusAsync(victim));
        Assert.Equal(otherStatus, await _app.Client.StatusAsync(other));
        Assert.Equal(victimRows, await StoredCallbacksAsync(victim));
        Assert.Equal(1, (await PaymentApi.StoredAsync(stack.Azurite.ConnectionString, victim)).Rows); // the order alone
        Assert.Equal(otherRows, await StoredCallbacksAsync(other));
        await Eventually.UntilAsync( // the host writes the worker's log lines a moment after the answer
            () => Task.FromResult(_app.LogLines().Any(line => line.Contains("Callback rejected", StringComparison.Ordinal))),
            "the rejection's log line",
            TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(_app.LogLines(), line => line.Contains(SignatureIn(body), StringComparison.Ordinal)
            || (line.Contains("Callback rejected", StringComparison.Ordinal) && line.Contains(victim, StringComparison.Ordinal)));

        // A genuine success for a third payment goes all the way out; by then a notification of the forgery would have too.
        var control = await _app.Client.CreatePaymentAsync();
        using (var delivered = await DeliverAsync(SignedCallbacks.Purchase(control, "success")))
        {
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        await AllSentAsync(control);
        Assert.Empty(stack.Webhooks.For(victim));
        Assert.Empty(await EmailsForAsync(victim));
    }

    private async Task<int> StoredCallbacksAsync(string paymentId) =>
        (await _app.Storage.GetRequiredService<CallbackLedger>().CallbacksAsync(paymentId, CancellationToken.None)).Count;

    private Task<HttpResponseMessage> DeliverAsync(JsonObject payload) =>
        _app.Client.PostCallbackAsync(SignedCallbacks.Sign(payload, AppUnderTest.SecretKey));

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static string SignatureOf(JsonObject payload) =>
        Parse(Encoding.UTF8.GetString(SignedCallbacks.Sign(payload, AppUnderTest.SecretKey)))["signature"]!.GetValue<string>();

    private static string SignatureIn(string body) => Parse(body)["signature"]!.GetValue<string>();

    private static string Signed(string json, string signature) => json.TrimEnd()[..^1] + $$""","signature":"{{signature}}"}""";

    private static string Fields(JsonObject payload) => payload.ToJsonString()[1..^1];

    private async Task<IReadOnlyList<ReceivedEmail>> EmailsForAsync(string paymentId) =>
        (await stack.MailDev.EmailsAsync()).Where(e => e.Subject.Contains(paymentId, StringComparison.Ordinal)).ToList();

    private Task AllSentAsync(string paymentId) =>
        Eventually.UntilAsync(
            async () => (await EmailsForAsync(paymentId)).Count >= 1 && stack.Webhooks.For(paymentId).Any(w => w.Accepted),
            $"the receipt and the webhook for {paymentId}",
            Patience);
}
