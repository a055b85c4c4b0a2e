using System.Collections.Concurrent;
using System.Net;
using System.Text;
using JetPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace JetPay.EndToEnd.Tests;

/// <summary>
/// The local webhook inbox (<c>scripts/webhook-inbox.mjs</c>, under node, over loopback) checked against the .NET
/// Standard Webhooks implementation: what it accepts, what it lists, its outage switch and <c>--forward-to</c>.
/// </summary>
public sealed class WebhookInboxTests : IAsyncLifetime
{
    private const string Body = """{"type":"payment.succeeded","timestamp":"2026-01-02T03:04:05+00:00","data":{"paymentId":"order-1001","status":"success","amount":12345,"currency":"KZT"}}""";

    private WebhookInbox _inbox = null!;

    public async Task InitializeAsync() => _inbox = await WebhookInbox.StartAsync();

    public async Task DisposeAsync() => await _inbox.DisposeAsync();

    [Fact]
    public async Task A_webhook_signed_with_the_secret_is_answered_2xx_and_listed_as_verified_with_its_id_type_payment_status_and_body()
    {
        var now = DateTimeOffset.UtcNow;

        using var response = await _inbox.PostAsync("msg_verified", now, Sign(WebhookInbox.Secret, "msg_verified", now, Body), Encoding.UTF8.GetBytes(Body));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var listed = await _inbox.SingleAsync("msg_verified");
        Assert.True(listed.GetProperty("verified").GetBoolean(), listed.ToString());
        Assert.Equal("payment.succeeded", listed.GetProperty("type").GetString());
        Assert.Equal("order-1001", listed.GetProperty("paymentId").GetString());
        Assert.Equal("success", listed.GetProperty("status").GetString());
        Assert.Equal(Body, listed.GetProperty("body").GetString());
        Assert.Equal(204, listed.GetProperty("answeredWith").GetInt32());
    }

    [Fact]
    public async Task During_a_secret_rotation_a_webhook_is_verified_when_any_one_of_its_signatures_matches()
    {
        var now = DateTimeOffset.UtcNow;
        var signatures = $"{Sign(OtherSecret, "msg_rotation", now, Body)} {Sign(WebhookInbox.Secret, "msg_rotation", now, Body)}";

        using var response = await _inbox.PostAsync("msg_rotation", now, signatures, Encoding.UTF8.GetBytes(Body));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True((await _inbox.SingleAsync("msg_rotation")).GetProperty("verified").GetBoolean());
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "another secret", "No matching signature found" },
        { "another body", "No matching signature found" },
        { "another webhook-id", "No matching signature found" },
        { "older than 5 minutes", "Message timestamp too old" },
    };

    /// <summary>An attacker holds one genuine signed webhook, or signs with a secret of their own.</summary>
    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_webhook_is_answered_400_and_listed_as_not_verified_with_the_reason(string forgery, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var signedAt = forgery == "older than 5 minutes" ? now.AddMinutes(-6) : now;
        var signature = Sign(forgery == "another secret" ? OtherSecret : WebhookInbox.Secret, forgery == "another webhook-id" ? "msg_genuine" : "msg_forged", signedAt, Body);
        var sent = forgery == "another body" ? Body.Replace("12345", "99999", StringComparison.Ordinal) : Body;

        using var response = await _inbox.PostAsync("msg_forged", signedAt, signature, Encoding.UTF8.GetBytes(sent));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var listed = await _inbox.SingleAsync("msg_forged");
        Assert.False(listed.GetProperty("verified").GetBoolean(), listed.ToString());
        Assert.Equal(reason, listed.GetProperty("verificationError").GetString());
        Assert.Equal(sent, listed.GetProperty("body").GetString());
    }

    [Fact]
    public async Task In_outage_every_webhook_is_answered_503_and_still_listed_and_switching_it_off_answers_2xx_again()
    {
        using (var on = await _inbox.SetOutageAsync("""{"enabled":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostSignedAsync("msg_outage"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostSignedAsync("msg_outage"));

        // A malformed switch, or one a web page could post without a CORS preflight, is refused and changes nothing.
        using (var malformed = await _inbox.SetOutageAsync("""{"enabled":"no"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        using (var plainText = await _inbox.SetOutageAsync("""{"enabled":false}""", "text/plain"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainText.StatusCode);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostSignedAsync("msg_outage"));

        using (var off = await _inbox.SetOutageAsync("""{"enabled":false}"""))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, await PostSignedAsync("msg_outage"));

        // Every attempt is listed, newest first, with what it was answered; each verified.
        var attempts = await _inbox.ListAsync();
        Assert.Equal([204, 503, 503, 503], attempts.Select(a => a.GetProperty("answeredWith").GetInt32()));
        Assert.All(attempts, a => Assert.True(a.GetProperty("verified").GetBoolean()));
    }

    /// <summary>A web page whose name an attacker points at 127.0.0.1 must not read the list and the secret.</summary>
    [Fact]
    public async Task A_request_for_another_host_name_is_refused()
    {
        using var rebound = await _inbox.GetAsHostAsync("/api/webhooks", "attacker.example");
        using var loopback = await _inbox.GetAsHostAsync("/api/webhooks", "localhost");

        Assert.Equal(HttpStatusCode.MisdirectedRequest, rebound.StatusCode);
        Assert.DoesNotContain(WebhookInbox.Secret, await rebound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
    }

    [Fact]
    public async Task With_forward_to_each_webhook_reaches_the_merchants_app_with_the_same_body_bytes_and_webhook_headers_and_its_answer_is_listed()
    {
        await using var merchant = await RecordingEndpoint.StartAsync();
        await using var forwarding = await WebhookInbox.StartAsync(forwardTo: merchant.Url);
        var now = DateTimeOffset.UtcNow;
        var body = Encoding.UTF8.GetBytes(Body.Replace("order-1001", "order-ünïcode", StringComparison.Ordinal)); // bytes beyond ASCII too
        var signature = Sign(WebhookInbox.Secret, "msg_forwarded", now, Encoding.UTF8.GetString(body));

        using var response = await forwarding.PostAsync("msg_forwarded", now, signature, body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var forwarded = Assert.Single(merchant.Received);
        Assert.Equal(body, forwarded.Body);
        Assert.Equal("msg_forwarded", forwarded.Headers["webhook-id"]);
        Assert.Equal(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), forwarded.Headers["webhook-timestamp"]);
        Assert.Equal(signature, forwarded.Headers["webhook-signature"]);
        Assert.Equal("application/json", forwarded.Headers["content-type"]);

        // The merchant's app can verify what it got, as the inbox did.
        var listed = await forwarding.SingleAsync("msg_forwarded");
        Assert.True(listed.GetProperty("verified").GetBoolean());
        var forward = listed.GetProperty("forward");
        Assert.Equal(202, forward.GetProperty("status").GetInt32());
        Assert.Equal("taken", forward.GetProperty("body").GetString());
    }

    private const string OtherSecret = "whsec_YW5vdGhlciBzZWNyZXQsIG5vdCB0aGUgaW5ib3gncw==";

    /// <summary>The <c>webhook-signature</c> value, by the .NET Standard Webhooks package.</summary>
    private static string Sign(string secret, string webhookId, DateTimeOffset timestamp, string body) =>
        new StandardWebhook(Convert.FromBase64String(secret["whsec_".Length..])).Sign(webhookId, timestamp, body);

    private async Task<HttpStatusCode> PostSignedAsync(string webhookId)
    {
        var now = DateTimeOffset.UtcNow;
        using var response = await _inbox.PostAsync(webhookId, now, Sign(WebhookInbox.Secret, webhookId, now, Body), Encoding.UTF8.GetBytes(Body));
        return response.StatusCode;
    }

    /// <summary>The merchant's own app: records each request's body bytes and headers, and answers 202 "taken".</summary>
    private sealed class RecordingEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(byte[] Body, Dictionary<string, string> Headers)> _received = new();

        private RecordingEndpoint(WebApplication app) => _app = app;

        public string Url => new Uri(_app.BaseAddress(), "/merchant/webhooks").ToString();

        public IReadOnlyList<(byte[] Body, Dictionary<string, string> Headers)> Received => [.. _received];

        public static async Task<RecordingEndpoint> StartAsync()
        {
            var app = LoopbackServer.Create();
            var endpoint = new RecordingEndpoint(app);
            app.MapPost("/merchant/webhooks", endpoint.ReceiveAsync);
            await app.StartAsync();
            return endpoint;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task ReceiveAsync(HttpContext context)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            _received.Enqueue((body.ToArray(), context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            await context.Response.WriteAsync("taken", context.RequestAborted);
        }
    }
}
