using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JetPayFunctions.Tests;

/// <summary>
/// Bodies an attacker or a broken client could send. Every one answers 4xx with a problem (never 5xx),
/// changes nothing, and no log line holds the secret or the customer's full email address.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture api) : IAsyncLifetime
{
    private const string CustomerEmail = "johndoe@example.com";
    private readonly AppUnderTest _app = api.Fresh();
    private string _paymentId = null!;
    private byte[] _validCallback = null!;

    public async Task InitializeAsync()
    {
        _paymentId = AppRequests.NewPaymentId();
        using var created = await _app.Client.CreateAsync(AppRequests.Order(_paymentId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _validCallback = SignedCallbacks.Sign(SignedCallbacks.Purchase(_paymentId, "success"), AppUnderTest.SecretKey);
    }

    public Task DisposeAsync()
    {
        // Whatever the test sent, no log line may hold a secret, a signature or the full address.
        var lines = _app.LogLines();
        var signature = (string)JsonNode.Parse(_validCallback)!["signature"]!;
        Assert.DoesNotContain(lines, l => l.Contains(AppUnderTest.SecretKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(signature, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(CustomerEmail, StringComparison.OrdinalIgnoreCase));
        return Task.CompletedTask;
    }

    public static TheoryData<string, string> HostileCallbacks()
    {
        var data = new TheoryData<string, string>();
        void Add(string name, byte[] body) => data.Add(name, Convert.ToBase64String(body));
        var placeholder = "__PAYMENT__";
        var signed = Encoding.UTF8.GetString(SignedCallbacks.Sign(SignedCallbacks.Purchase(placeholder, "success"), AppUnderTest.SecretKey));

        Add("empty", []);
        Add("not json", "payment succeeded"u8.ToArray());
        Add("truncated", Encoding.UTF8.GetBytes(signed[..(signed.Length / 2)]));
        Add("truncated by one", Encoding.UTF8.GetBytes(signed[..^1]));
        Add("deep nesting", Encoding.UTF8.GetBytes(new string('[', 30_000) + new string(']', 30_000))); // under 64 KiB: the parser meets it
        Add("deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)));
        Add("huge number", Encoding.UTF8.GetBytes(signed.Replace("\"amount\":10000", "\"amount\":1" + new string('0', 400), StringComparison.Ordinal)));
        Add("payment as a string", Encoding.UTF8.GetBytes($$"""{"payment":"{{placeholder}}","signature":"AAAA"}"""));
        Add("payment id as an object", Encoding.UTF8.GetBytes("""{"payment":{"id":{"$ne":null},"status":"success"},"signature":"AAAA"}"""));
        Add("duplicate status key", Encoding.UTF8.GetBytes(signed.Replace("\"status\":\"success\"", "\"status\":\"decline\",\"status\":\"success\"", StringComparison.Ordinal)));
        Add("invalid utf-8", [.. "{\"payment\":{\"id\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}}"u8.ToArray()]);
        Add("unknown field added after signing", Encoding.UTF8.GetBytes(signed.Replace("{\"project_id\"", "{\"refund_to\":\"attacker\",\"project_id\"", StringComparison.Ordinal)));
        Add("no signature", Encoding.UTF8.GetBytes(SignedCallbacks.Purchase(placeholder, "success").ToJsonString()));
        Add("signature too short", Encoding.UTF8.GetBytes(WithSignature(signed, "AAAA")));
        Add("signature too long", Encoding.UTF8.GetBytes(WithSignature(signed, Convert.ToBase64String(new byte[128]))));
        Add("signature not base64", Encoding.UTF8.GetBytes(WithSignature(signed, new string('!', 88))));
        Add("signature as a number", Encoding.UTF8.GetBytes(signed.Replace("\"signature\":\"", "\"signature\":12345,\"x\":\"", StringComparison.Ordinal)));
        Add("signature of an empty body", Encoding.UTF8.GetBytes(WithSignature(signed, JetPay.PaymentPage.PaymentPageSignature.Sign(System.Text.Json.JsonDocument.Parse("{}").RootElement, AppUnderTest.SecretKey))));
        Add("status changed after signing", Encoding.UTF8.GetBytes(signed.Replace("\"status\":\"success\"", "\"status\":\"refunded\"", StringComparison.Ordinal)));
        return data;
    }

    private static string WithSignature(string signedJson, string signature)
    {
        var json = JsonNode.Parse(signedJson)!.AsObject();
        json["signature"] = signature;
        return json.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(HostileCallbacks))]
    public async Task A_hostile_callback_answers_4xx_and_changes_nothing(string name, string base64Body)
    {
        var body = Convert.FromBase64String(base64Body);
        if (name != "invalid utf-8")
        {
            body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("__PAYMENT__", _paymentId, StringComparison.Ordinal));
        }

        using var response = await _app.Client.PostCallbackAsync(body);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((await response.ReadJsonAsync()).Text("code")));
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_callback_of_another_payment_replayed_with_this_payment_id_answers_403()
    {
        var other = JsonNode.Parse(SignedCallbacks.Sign(SignedCallbacks.Purchase(AppRequests.NewPaymentId(), "success"), AppUnderTest.SecretKey))!.AsObject();
        other["payment"]!["id"] = _paymentId;

        using var response = await _app.Client.PostCallbackAsync(Encoding.UTF8.GetBytes(other.ToJsonString()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task Random_corruptions_of_a_signed_callback_never_answer_5xx_and_never_pay_the_payment()
    {
        var random = new Random(20261128);
        var original = JsonNode.Parse(_validCallback);
        var statuses = new List<int>();
        while (statuses.Count < 150)
        {
            var body = (byte[])_validCallback.Clone();
            switch (random.Next(3))
            {
                case 0:
                    body[random.Next(body.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    body = body[..random.Next(body.Length)];
                    break;
                default:
                    var at = random.Next(body.Length);
                    body = [.. body[..at], (byte)random.Next(256), .. body[at..]];
                    break;
            }

            if (IsSameJson(body, original))
            {
                continue; // the same byte written back, or white space between tokens: still JetPay's callback
            }

            using var response = await _app.Client.PostCallbackAsync(body);
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses, s => Assert.True(s is >= 400 and < 500, $"answered {s}"));
        await AssertNothingChangedAsync();
    }

    private static bool IsSameJson(byte[] body, JsonNode? original)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(body), original);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false; // not JSON, or not UTF-8
        }
    }

    public static TheoryData<string> HostileOrders() =>
    [
        "",
        "{",
        """{"amount":10000,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}""",
        new string('[', 100_000),
        """{"amount":1""" + new string('0', 400) + ""","currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""",
        """{"amount":9223372036854775808,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""",
        """{"amount":1e3,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""",
        """{"amount":true,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""",
        """{"amount":100,"currency":["KZT"],"customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""",
        """{"amount":100,"currency":"KZT","customer":"john"}""",
        """{"amount":100,"amount":1,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com"}}""",
        """{"amount":100,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com","isAdmin":true}}""",
        """{"amount":100,"currency":"KZT","customer":{"id":"c","firstName":"J\u0000","lastName":"D","email":"j@example.com"}}""",
        """{"amount":100,"currency":"KZT","customer":{"id":"c","firstName":"J","lastName":"D","email":"j@example.com\r\nBcc: all@example.com"}}""",
        """null""",
        """[]""",
    ];

    [Theory]
    [MemberData(nameof(HostileOrders))]
    public async Task A_hostile_order_answers_4xx_and_writes_nothing(string body)
    {
        using var response = await _app.Client.PostAsync("/api/payments/qr", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((await response.ReadJsonAsync()).Text("code")));
        Assert.Single(_app.JetPay.Requests); // the payment made in InitializeAsync, nothing since
    }

    [Fact]
    public async Task An_order_body_that_is_not_utf8_answers_400()
    {
        using var response = await _app.Client.PostAsync("/api/payments/qr", new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(_app.JetPay.Requests);
    }

    [Fact]
    public async Task No_log_line_holds_the_secret_or_the_full_customer_email()
    {
        using (await _app.Client.PostCallbackAsync(_validCallback))
        {
        }

        using (await _app.Client.PostCallbackAsync([.. _validCallback[..^3], .. "x}}"u8.ToArray()]))
        {
        }

        _app.JetPay.Behaviour = PaymentPageBehaviour.ServerError;
        using (await _app.Client.CreateAsync(AppRequests.Order()))
        {
        }

        var lines = _app.LogLines();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains("Executed 'Functions.JetPayCallback'", StringComparison.Ordinal)); // the host's and the worker's lines are read
        Assert.DoesNotContain(lines, l => l.Contains(AppUnderTest.SecretKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(CustomerEmail, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains("signature=", StringComparison.OrdinalIgnoreCase)); // the query of a generate-qr request
    }

    private async Task AssertNothingChangedAsync()
    {
        using var read = await _app.Client.GetAsync($"/api/payments/{_paymentId}");
        Assert.Equal("pending", (await read.ReadJsonAsync()).Text("status"));
        Assert.Empty(await _app.Storage.GetRequiredService<CallbackLedger>().CallbacksAsync(_paymentId, CancellationToken.None));
    }
}
