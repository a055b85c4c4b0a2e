using System.Net;
using System.Text.Json.Nodes;
using Json.Schema;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JetPayFunctions.Tests;

/// <summary>Real responses, checked against the OpenAPI document kept in the repository.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFixture api)
{
    private static readonly JsonObject Document = (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("src", "JetPayFunctions", "openapi.json")))!;

    private readonly AppUnderTest _app = api.Fresh();

    [Fact]
    public void The_document_describes_exactly_the_http_functions()
    {
        var documented = Document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key.TrimStart('/')}"))
            .Order(StringComparer.Ordinal);

        var served = FunctionsMetadata.HttpTriggers()
            .SelectMany(trigger => trigger.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} {trigger.GetProperty("route").GetString()}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(served, documented);
    }

    [Fact]
    public async Task Created_repeated_and_read_payments_match_the_payment_schema()
    {
        var order = AppRequests.Order();
        using var created = await _app.Client.CreateAsync(order);
        using var repeated = await _app.Client.CreateAsync(order);
        using var read = await _app.Client.GetAsync($"/api/payments/{order.Text("paymentId")}");

        await AssertMatchesAsync(created, HttpStatusCode.Created, "/payments/qr", "post");
        await AssertMatchesAsync(repeated, HttpStatusCode.OK, "/payments/qr", "post");
        await AssertMatchesAsync(read, HttpStatusCode.OK, "/payments/{paymentId}", "get");
    }

    [Fact]
    public async Task Problems_match_the_problem_schema()
    {
        using var invalid = await _app.Client.CreateAsync(JsonNode.Parse("""{"amount":0}""")!);
        using var missing = await _app.Client.GetAsync($"/api/payments/{AppRequests.NewPaymentId()}");
        _app.JetPay.Behaviour = PaymentPageBehaviour.ServerError;
        using var upstream = await _app.Client.CreateAsync(AppRequests.Order());

        await AssertMatchesAsync(invalid, HttpStatusCode.BadRequest, "/payments/qr", "post");
        await AssertMatchesAsync(missing, HttpStatusCode.NotFound, "/payments/{paymentId}", "get");
        await AssertMatchesAsync(upstream, HttpStatusCode.BadGateway, "/payments/qr", "post");
    }

    [Fact]
    public async Task Callback_answers_match_the_callback_schemas()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var body = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), AppUnderTest.SecretKey);
        using var recorded = await _app.Client.PostCallbackAsync(body);
        using var duplicate = await _app.Client.PostCallbackAsync(body);
        using var forged = await _app.Client.PostCallbackAsync(SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), "another secret"));
        using var malformed = await _app.Client.PostCallbackAsync("{"u8.ToArray());

        await AssertMatchesAsync(recorded, HttpStatusCode.OK, "/jetpay/callback", "post");
        await AssertMatchesAsync(duplicate, HttpStatusCode.OK, "/jetpay/callback", "post");
        await AssertMatchesAsync(forged, HttpStatusCode.Forbidden, "/jetpay/callback", "post");
        await AssertMatchesAsync(malformed, HttpStatusCode.BadRequest, "/jetpay/callback", "post");
    }

    [Fact]
    public async Task Cancellations_expiry_metadata_and_held_payments_match_the_schemas()
    {
        var order = AppRequests.Order();
        order["metadata"] = new JsonObject { ["orderRef"] = "A-1" };
        order["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var created = await _app.Client.CreateAsync(order);
        using var canceled = await _app.Client.PostAsync($"/api/payments/{order.Text("paymentId")}/cancel", null);
        using var late = await _app.Client.PostCallbackAsync(SignedCallbacks.Sign(SignedCallbacks.Purchase(order.Text("paymentId"), "success"), AppUnderTest.SecretKey));
        using var held = await _app.Client.GetAsync($"/api/payments/{order.Text("paymentId")}");
        using var final = await _app.Client.PostAsync($"/api/payments/{order.Text("paymentId")}/cancel", null);
        using var unknown = await _app.Client.PostAsync($"/api/payments/{AppRequests.NewPaymentId()}/cancel", null);

        await AssertMatchesAsync(created, HttpStatusCode.Created, "/payments/qr", "post");
        await AssertMatchesAsync(canceled, HttpStatusCode.OK, "/payments/{paymentId}/cancel", "post");
        await AssertMatchesAsync(held, HttpStatusCode.OK, "/payments/{paymentId}", "get");
        await AssertMatchesAsync(final, HttpStatusCode.Conflict, "/payments/{paymentId}/cancel", "post");
        await AssertMatchesAsync(unknown, HttpStatusCode.NotFound, "/payments/{paymentId}/cancel", "post");
    }

    [Fact]
    public async Task List_pages_and_their_problems_match_the_schemas()
    {
        await _app.Client.CreatePaymentAsync();
        await _app.Client.CreatePaymentAsync();

        using var page = await _app.Client.GetAsync("/api/payments?limit=1");
        using var invalid = await _app.Client.GetAsync("/api/payments?status=paid");

        await AssertMatchesAsync(page, HttpStatusCode.OK, "/payments", "get");
        await AssertMatchesAsync(invalid, HttpStatusCode.BadRequest, "/payments", "get");
    }

    [Fact]
    public async Task Notification_lists_and_redeliveries_match_their_schemas()
    {
        var paymentId = await _app.Client.CreatePaymentAsync();
        var ledger = _app.Storage.GetRequiredService<NotificationDeliveryLedger>();
        var id = JetPay.Payments.Payments.PaymentId.TryParse(paymentId, out var parsed) ? parsed : throw new InvalidOperationException();
        await ledger.OpenAsync(id, "decline", NotificationChannel.Webhook, NotificationIds.WebhookId(paymentId, "decline"), null, CancellationToken.None);

        using var list = await _app.Client.GetAsync($"/api/payments/{paymentId}/notifications");
        using var redeliver = await _app.Client.PostAsync($"/api/payments/{paymentId}/notifications/decline-webhook/redeliver", null);
        using var unknown = await _app.Client.PostAsync($"/api/payments/{paymentId}/notifications/success-email/redeliver", null);

        await AssertMatchesAsync(list, HttpStatusCode.OK, "/payments/{paymentId}/notifications", "get");
        await AssertMatchesAsync(redeliver, HttpStatusCode.Accepted, "/payments/{paymentId}/notifications/{notificationId}/redeliver", "post");
        await AssertMatchesAsync(unknown, HttpStatusCode.NotFound, "/payments/{paymentId}/notifications/{notificationId}/redeliver", "post");
    }

    [Fact]
    public async Task The_health_answer_matches_the_health_schema()
    {
        using var health = await _app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        await AssertMatchesAsync(health, HttpStatusCode.OK, "/health", "get");
    }

    [Fact]
    public async Task A_response_with_an_undocumented_field_would_fail_the_check()
    {
        using var created = await _app.Client.CreateAsync(AppRequests.Order());
        var body = await created.ReadJsonAsync();
        body["secretKey"] = "should not be here";

        var results = SchemaFor("/payments/qr", "post", HttpStatusCode.Created, "application/json").Evaluate(body.AsElement(), Options);

        Assert.False(results.IsValid);
    }

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static async Task AssertMatchesAsync(HttpResponseMessage response, HttpStatusCode status, string path, string method)
    {
        Assert.Equal(status, response.StatusCode);
        var mediaType = response.Content.Headers.ContentType!.MediaType!;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var results = SchemaFor(path, method, status, mediaType).Evaluate(body.AsElement(), Options);
        Assert.True(results.IsValid, $"{method} {path} {(int)status} does not match the document: {body.ToJsonString()}\n" +
            string.Join('\n', results.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
    }

    private static JsonSchema SchemaFor(string path, string method, HttpStatusCode status, string mediaType)
    {
        var response = Document["paths"]![path]![method]!["responses"]![((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} does not document {(int)status}");
        if (response["$ref"] is { } reference)
        {
            response = Document["components"]!["responses"]![reference.GetValue<string>().Split('/')[^1]]!;
        }

        var schema = response["content"]?[mediaType]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"{method} {path} {(int)status} does not document {mediaType}");
        var standalone = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = schema["$ref"]!.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal),
            ["$defs"] = JsonNode.Parse(Document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal)),
        };
        return JsonSchema.FromText(standalone.ToJsonString());
    }
}
