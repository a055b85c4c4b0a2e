using System.Net;
using System.Text.Json.Nodes;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

[Collection(ApiCollection.Name)]
public sealed class CreateQrPaymentTests(ApiFixture api)
{
    private readonly ApiFixture _api = api;
    private readonly AppUnderTest _app = api.Fresh();

    [Fact]
    public async Task A_new_order_answers_201_with_a_sas_url_that_downloads_the_png_jetpay_returned()
    {
        var order = AppRequests.Order();

        using var response = await _app.Client.CreateAsync(order);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var payment = await response.ReadJsonAsync();
        Assert.Equal(order.Text("paymentId"), payment.Text("paymentId"));
        Assert.Equal("pending", payment.Text("status"));
        Assert.Equal(10000, payment["amount"]!.GetValue<long>());
        Assert.Equal("KZT", payment.Text("currency"));
        Assert.Equal($"/api/payments/{order.Text("paymentId")}", response.Headers.Location!.OriginalString);
        var expiresAt = DateTimeOffset.Parse(payment.Text("qrCodeExpiresAt"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        using var anonymous = new HttpClient();
        using var image = await anonymous.GetAsync(new Uri(payment.Text("qrCodeUrl")));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(LoopbackPaymentPage.QrCodePng, await image.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_request_to_jetpay_is_signed_with_the_project_secret_and_carries_the_order()
    {
        var order = AppRequests.Order();

        using var response = await _app.Client.CreateAsync(order);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sent = Assert.Single(_app.JetPay.Requests);
        Assert.Equal(0, _app.JetPay.BadSignatures);
        Assert.Equal("123", sent["project_id"]);
        Assert.Equal(order.Text("paymentId"), sent["payment_id"]);
        Assert.Equal("10000", sent["payment_amount"]);
        Assert.Equal("KZT", sent["payment_currency"]);
        Assert.Equal("johndoe@example.com", sent["customer_email"]);
    }

    [Fact]
    public async Task The_same_order_again_answers_200_with_the_same_payment_and_calls_jetpay_once()
    {
        var order = AppRequests.Order();
        using var first = await _app.Client.CreateAsync(order);

        using var second = await _app.Client.CreateAsync(order);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var payment = await second.ReadJsonAsync();
        Assert.Equal(order.Text("paymentId"), payment.Text("paymentId"));
        Assert.Equal((await first.ReadJsonAsync()).Text("createdAt"), payment.Text("createdAt"));
        Assert.NotNull(payment["qrCodeUrl"]);
        Assert.Single(_app.JetPay.Requests);
    }

    [Fact]
    public async Task The_same_payment_id_with_a_different_order_answers_409_and_keeps_the_first()
    {
        var paymentId = AppRequests.NewPaymentId();
        using var first = await _app.Client.CreateAsync(AppRequests.Order(paymentId, amount: 10000));

        using var second = await _app.Client.CreateAsync(AppRequests.Order(paymentId, amount: 20000));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        Assert.Equal("payment_conflict", (await second.ReadJsonAsync()).Text("code"));
        using var read = await _app.Client.GetAsync($"/api/payments/{paymentId}");
        Assert.Equal(10000, (await read.ReadJsonAsync())["amount"]!.GetValue<long>());
        Assert.Single(_app.JetPay.Requests);
    }

    [Fact]
    public async Task Concurrent_identical_requests_call_jetpay_once_and_leave_one_payment()
    {
        var order = AppRequests.Order();
        _app.JetPay.Behaviour = PaymentPageBehaviour.Slow;
        _app.JetPay.SlowDelay = TimeSpan.FromMilliseconds(300);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _app.Client.CreateAsync(order)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Single(_app.JetPay.Requests);
        Assert.Equal((1, true), await PaymentApi.StoredAsync(_api.ConnectionString, order.Text("paymentId")));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { """{"amount":10000,"currency":"KZT"}""", "customer" },
        { """{"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "amount" },
        { """{"amount":0,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "amount" },
        { """{"amount":-5,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "amount" },
        { """{"amount":100.5,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "amount" },
        { """{"amount":"100","currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "amount" },
        { """{"amount":100,"currency":"XYZ","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "currency" },
        { """{"amount":100,"currency":"kzt","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "currency" },
        { """{"amount":100,"customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "currency" },
        { """{"amount":100,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"not-an-email"}}""", "customer.email" },
        { """{"amount":100,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D"}}""", "customer.email" },
        { """{"amount":100,"currency":"KZT","customer":{"id":"c","firstName":" ","lastName":"D","email":"j@example.com"}}""", "customer.firstName" },
        { """{"amount":100,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D;drop","email":"j@example.com"}}""", "customer.lastName" },
        { """{"amount":100,"currency":"KZT","customer":{"id":"","firstName":"J","lastName":"D","email":"j@example.com"}}""", "customer.id" },
        { """{"paymentId":"a/b","amount":100,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "paymentId" },
        { """{"amount":100,"currency":"KZT","languageCode":"english","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "languageCode" },
        { """{"amount":100,"currency":"KZT","description":"a;b","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "description" },
        { """{"amount":100,"currency":"KZT","tip":5,"customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""", "tip" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task An_invalid_order_answers_400_naming_the_field_and_writes_nothing(string body, string field)
    {
        var paymentId = AppRequests.NewPaymentId();
        var json = JsonNode.Parse(body)!.AsObject();
        json["paymentId"] ??= paymentId;
        var storedId = json["paymentId"]!.GetValue<string>();

        using var response = await _app.Client.CreateAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(field, problem.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(_app.JetPay.Requests);
        if (storedId == paymentId)
        {
            Assert.Equal((0, false), await PaymentApi.StoredAsync(_api.ConnectionString, paymentId));
        }
    }

    public static TheoryData<string, JsonNode, string> InvalidExpiryOrMetadata => new()
    {
        { "expiresAt", "yesterday", "expires_at_unparseable" },
        { "expiresAt", "2026-12-06 12:00:00", "expires_at_unparseable" },
        { "expiresAt", "2026-12-06T12:00:00", "expires_at_unparseable" },
        { "expiresAt", "2020-01-01T00:00:00Z", "expires_at_in_past" },
        { "expiresAt", "+30s", "expires_at_too_soon" },
        { "expiresAt", "+2d", "expires_at_too_far" },
        { "metadata", new JsonObject(Enumerable.Range(0, 21).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v"))), "metadata_too_many_keys" },
        { "metadata", new JsonObject { [new string('k', 41)] = "v" }, "metadata_key_too_long" },
        { "metadata", new JsonObject { ["note"] = new string('v', 501) }, "metadata_value_too_long" },
        { "metadata", new JsonObject { ["count"] = 3 }, "metadata_value_not_string" },
        { "metadata", new JsonObject { ["nested"] = new JsonObject { ["a"] = "b" } }, "metadata_value_not_string" },
    };

    [Theory]
    [MemberData(nameof(InvalidExpiryOrMetadata))]
    public async Task A_bad_expiry_or_metadata_answers_400_with_its_code_stores_nothing_and_never_calls_jetpay(string field, JsonNode value, string code)
    {
        var order = AppRequests.Order();
        order[field] = value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>() is ['+', .. var offset]
            ? DateTimeOffset.UtcNow.Add(offset.EndsWith('s') ? TimeSpan.FromSeconds(int.Parse(offset[..^1], System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.FromDays(int.Parse(offset[..^1], System.Globalization.CultureInfo.InvariantCulture))).ToString("O", System.Globalization.CultureInfo.InvariantCulture)
            : value.DeepClone();

        using var response = await _app.Client.CreateAsync(order);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(code, problem.Text("code"));
        Assert.StartsWith(field, problem["errors"]!.AsObject().Single().Key, StringComparison.Ordinal);
        Assert.Empty(_app.JetPay.Requests);
        Assert.Equal((0, false), await PaymentApi.StoredAsync(_api.ConnectionString, order.Text("paymentId")));
    }

    [Fact]
    public async Task Without_expires_at_a_payment_expires_after_the_default_30_minutes_and_jetpay_gets_it_as_best_before()
    {
        var before = DateTimeOffset.UtcNow;

        using var response = await _app.Client.CreateAsync(AppRequests.Order());

        var expiresAt = DateTimeOffset.Parse((await response.ReadJsonAsync()).Text("expiresAt"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, before.AddMinutes(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.Equal(expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", System.Globalization.CultureInfo.InvariantCulture), Assert.Single(_app.JetPay.Requests)["best_before"]);
    }

    [Fact]
    public async Task Every_problem_of_an_order_is_named_at_once()
    {
        var body = JsonNode.Parse("""{"amount":0,"currency":"XYZ","customer":{"id":"c","firstName":"","lastName":"D","email":"nope"}}""")!;

        using var response = await _app.Client.CreateAsync(body);

        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.Equal(["amount", "currency", "customer.email", "customer.firstName"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_400()
    {
        using var response = await _app.Client.PostAsync("/api/payments/qr", new StringContent("{\"amount\": 10", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", (await response.ReadJsonAsync()).Text("code"));
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_answers_415()
    {
        using var response = await _app.Client.PostAsync("/api/payments/qr", new StringContent(AppRequests.Order().ToJsonString(), System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(_app.JetPay.Requests);
    }

    [Fact]
    public async Task An_oversized_body_answers_413()
    {
        var order = AppRequests.Order();
        order["description"] = new string('x', 20_000);

        using var response = await _app.Client.CreateAsync(order);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_app.JetPay.Requests);
    }

    [Theory]
    [InlineData(PaymentPageBehaviour.ServerError, HttpStatusCode.BadGateway)]
    [InlineData(PaymentPageBehaviour.Slow, HttpStatusCode.GatewayTimeout)]
    [InlineData(PaymentPageBehaviour.Garbage, HttpStatusCode.BadGateway)]
    [InlineData(PaymentPageBehaviour.NotPng, HttpStatusCode.BadGateway)]
    [InlineData(PaymentPageBehaviour.JsonError, HttpStatusCode.BadGateway)]
    public async Task A_jetpay_failure_answers_502_or_504_leaves_nothing_behind_and_a_retry_succeeds(PaymentPageBehaviour failure, HttpStatusCode expected)
    {
        var order = AppRequests.Order();
        _app.JetPay.Behaviour = failure;

        using var failed = await _app.Client.CreateAsync(order);

        Assert.Equal(expected, failed.StatusCode);
        var problem = await failed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(AppUnderTest.SecretKey, problem, StringComparison.Ordinal);
        Assert.Contains("\"upstreamError\"", problem, StringComparison.Ordinal);
        Assert.Equal((0, false), await PaymentApi.StoredAsync(_api.ConnectionString, order.Text("paymentId")));

        _app.JetPay.Behaviour = PaymentPageBehaviour.IssueQrCode;
        using var retried = await _app.Client.CreateAsync(order);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }
}
