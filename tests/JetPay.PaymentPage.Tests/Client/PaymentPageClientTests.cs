using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JetPay.PaymentPage.Tests.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JetPay.PaymentPage.Tests.Client;

public sealed class PaymentPageClientTests
{
    private static PaymentPageClient ClientFor(FakePaymentPage page, Action<PaymentPageClientOptions>? tune = null) =>
        ClientFor(page.BaseUri, tune);

    /// <summary>The client as an application gets it: typed HttpClient with the resilience handler, small timeouts.</summary>
    private static PaymentPageClient ClientFor(Uri baseUri, Action<PaymentPageClientOptions>? tune = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISecretKeyProvider>(new StaticSecretKeyProvider(FakePaymentPage.Secret));
        services.AddPaymentPageClient(options =>
        {
            options.BaseUrl = baseUri;
            // Long enough that no attempt times out on a loaded machine (a 300 ms attempt did once in CI, and the tests that
            // count requests then saw one fewer); the tests of time-outs set their own.
            options.Timeout = TimeSpan.FromSeconds(2);
            options.TotalTimeout = TimeSpan.FromSeconds(10);
            options.RetryDelay = TimeSpan.FromMilliseconds(10);
            tune?.Invoke(options);
        });
        return services.BuildServiceProvider().GetRequiredService<PaymentPageClient>();
    }

    private static async Task<PaymentPageException> FailureOf(PaymentPageClient client, QrPurchaseRequest? request = null)
    {
        var exception = await Assert.ThrowsAsync<PaymentPageException>(() => client.GenerateQrAsync(request ?? QrPurchaseRequestTests.Valid()));
        Assert.DoesNotContain(FakePaymentPage.Secret, exception.ToString(), StringComparison.Ordinal);
        return exception;
    }

    [Fact]
    public async Task A_valid_answer_gives_the_png_of_the_data_uri()
    {
        await using var page = await FakePaymentPage.StartAsync("application/json", FakePaymentPage.ImgSrcJson("image/png", FakePaymentPage.Png));

        var image = await ClientFor(page).GenerateQrAsync(QrPurchaseRequestTests.Valid());

        Assert.Equal(FakePaymentPage.Png, image.Png.ToArray());
        Assert.Equal("image/png", image.MediaType);
    }

    [Fact]
    public async Task Values_with_spaces_plus_ampersand_equals_and_cyrillic_arrive_intact_and_signed()
    {
        await using var page = await FakePaymentPage.StartAsync("application/json", FakePaymentPage.ImgSrcJson("image/png", FakePaymentPage.Png));
        var request = QrPurchaseRequestTests.Valid() with
        {
            PaymentId = "order+1&x=2",
            CustomerFirstName = "Әлия Мария",
            CustomerLastName = "Қасымов+Doe",
            PaymentDescription = "Tea & coffee = 2 + 2 / 100% Чай",
            AdditionalParameters = new Dictionary<string, string> { ["customer_phone"] = "+7 701 000 00 00" },
        };

        await ClientFor(page).GenerateQrAsync(request);

        Assert.True(page.Received.TryDequeue(out var received));
        Assert.Equal(request.ToParameters(), received);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_without_being_sent()
    {
        await using var page = await FakePaymentPage.StartAsync("application/json", FakePaymentPage.ImgSrcJson("image/png", FakePaymentPage.Png));

        var failure = await FailureOf(ClientFor(page), QrPurchaseRequestTests.Valid() with { Amount = 0, CustomerEmail = "x" });

        Assert.Equal(PaymentPageErrorKind.InvalidRequest, failure.Kind);
        Assert.Equal(["payment_amount", "customer_email"], failure.ValidationErrors.Select(e => e.Field));
        Assert.Contains("payment_amount", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, page.Requests);
    }

    [Fact]
    public async Task A_server_error_is_an_upstream_error_with_its_status_and_excerpt()
    {
        await using var page = await FakePaymentPage.StartAsync("text/plain", "internal\r\nfailure", status: 500);

        var failure = await FailureOf(ClientFor(page));

        Assert.Equal(PaymentPageErrorKind.UpstreamError, failure.Kind);
        Assert.Equal(500, failure.StatusCode);
        Assert.Equal("internalfailure", failure.ResponseExcerpt);
    }

    [Fact]
    public async Task When_jetpay_keeps_failing_the_open_circuit_is_an_upstream_error_and_stops_calling()
    {
        await using var page = await FakePaymentPage.StartAsync("text/plain", "down", status: 500);
        var client = ClientFor(page, options => options.MaxRetries = 0);

        // The standard handler opens its circuit once at least 100 calls in its window failed.
        var failures = new List<PaymentPageException>();
        for (var i = 0; i < 110; i++)
        {
            failures.Add(await FailureOf(client));
        }

        var requestsWhenOpen = page.Requests;
        var whileOpen = await FailureOf(client);
        Assert.All(failures.Append(whileOpen), f => Assert.Equal(PaymentPageErrorKind.UpstreamError, f.Kind));
        Assert.Contains(failures, f => f.StatusCode is null);
        Assert.Equal(requestsWhenOpen, page.Requests);
    }

    [Fact]
    public async Task A_503_is_retried_up_to_the_configured_number_of_times()
    {
        await using var page = await FakePaymentPage.StartAsync("application/json", "{}", status: 503);

        var failure = await FailureOf(ClientFor(page, options => options.MaxRetries = 2));

        Assert.Equal(503, failure.StatusCode);
        Assert.Equal(3, page.Requests);
    }

    [Fact]
    public async Task A_transient_failure_followed_by_success_returns_the_image()
    {
        var calls = 0;
        await using var page = await FakePaymentPage.StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? FakePaymentPage.Answer(context, 503, "text/plain", "busy")
            : FakePaymentPage.Answer(context, 200, "application/json", FakePaymentPage.ImgSrcJson("image/png", FakePaymentPage.Png)));

        var image = await ClientFor(page).GenerateQrAsync(QrPurchaseRequestTests.Valid());

        Assert.Equal(FakePaymentPage.Png, image.Png.ToArray());
        Assert.Equal(2, page.Requests);
    }

    [Fact]
    public async Task A_400_is_not_retried_and_its_json_error_body_is_the_excerpt()
    {
        await using var page = await FakePaymentPage.StartAsync("application/json", """{"status":"error","message":"Wrong project"}""", status: 400);

        var failure = await FailureOf(ClientFor(page));

        Assert.Equal(PaymentPageErrorKind.UpstreamError, failure.Kind);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("""{"status":"error","message":"Wrong project"}""", failure.ResponseExcerpt);
        Assert.Equal(1, page.Requests);
    }

    [Fact]
    public async Task The_signature_never_appears_in_the_exception_even_when_the_server_echoes_the_request()
    {
        await using var page = await FakePaymentPage.StartAsync(context =>
            FakePaymentPage.Answer(context, 422, "text/plain", "rejected: " + context.Request.QueryString.Value));

        var failure = await FailureOf(ClientFor(page));

        var signature = SignatureOf(QrPurchaseRequestTests.Valid());
        Assert.Single(page.Received);
        Assert.DoesNotContain(Uri.EscapeDataString(signature), failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(signature, failure.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("rejected: ?project_id=123", failure.ResponseExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeouts_is_a_timeout_after_retrying_the_attempts()
    {
        var calls = 0;
        await using var page = await FakePaymentPage.StartAsync(async context =>
        {
            // The first call warms the client up (JIT, connection) so that the timings below are the timeouts'.
            if (Interlocked.Increment(ref calls) > 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }

            await FakePaymentPage.Answer(context, 200, "application/json", FakePaymentPage.ImgSrcJson("image/png", FakePaymentPage.Png));
        });
        var client = ClientFor(page, options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(250);
            options.TotalTimeout = TimeSpan.FromMilliseconds(1500);
        });
        await client.GenerateQrAsync(QrPurchaseRequestTests.Valid());
        var stopwatch = Stopwatch.StartNew();

        var failure = await FailureOf(client);

        Assert.Equal(PaymentPageErrorKind.Timeout, failure.Kind);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.True(page.Requests >= 3, $"an attempt that times out is transient and retried; {page.Requests} requests");
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_a_timeout()
    {
        await using var page = await FakePaymentPage.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ClientFor(page, options => options.Timeout = TimeSpan.FromSeconds(2)).GenerateQrAsync(QrPurchaseRequestTests.Valid(), cancellation.Token));
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_failure()
    {
        // Bound but never listening: a connection is refused, and no other test's server can take the port meanwhile
        // (a port just closed can be, and then the attempt times out instead).
        using var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var unused = new Uri($"http://127.0.0.1:{((IPEndPoint)closedPort.LocalEndPoint!).Port}/");

        var failure = await FailureOf(ClientFor(unused, options => options.MaxRetries = 1));

        Assert.Equal(PaymentPageErrorKind.Transport, failure.Kind);
    }

    [Theory]
    [InlineData("application/json", """{"error":"Project is not active"}""", "The answer is not JSON with an img_src string.")]
    [InlineData("text/html", "<html>\r\n<body>Maintenance</body></html>", "The answer is not JSON with an img_src string.")]
    [InlineData("application/json", """{"img_src":"https:\/\/example.com\/qr.png"}""", "img_src is not a base64 data URI.")]
    [InlineData("application/json", """{"img_src":"data:image/png;base64,***"}""", "img_src does not hold valid base64.")]
    public async Task A_2xx_answer_without_a_png_data_uri_is_an_invalid_response(string contentType, string body, string message)
    {
        await using var page = await FakePaymentPage.StartAsync(contentType, body);

        var failure = await FailureOf(ClientFor(page));

        Assert.Equal(PaymentPageErrorKind.InvalidResponse, failure.Kind);
        Assert.Equal(200, failure.StatusCode);
        Assert.Equal(message, failure.Message);
        Assert.Equal(body.Replace("\r\n", "", StringComparison.Ordinal), failure.ResponseExcerpt);
    }

    [Fact]
    public async Task An_image_of_another_media_type_is_an_invalid_response()
    {
        await using var page = await FakePaymentPage.StartAsync("application/json", FakePaymentPage.ImgSrcJson("image/jpeg", FakePaymentPage.Png));

        var failure = await FailureOf(ClientFor(page));

        Assert.Equal(PaymentPageErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("image/jpeg", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Base64_that_is_not_a_png_is_an_invalid_response()
    {
        await using var page = await FakePaymentPage.StartAsync("application/json", FakePaymentPage.ImgSrcJson("image/png", "GIF89a not a png"u8.ToArray()));

        var failure = await FailureOf(ClientFor(page));

        Assert.Equal(PaymentPageErrorKind.InvalidResponse, failure.Kind);
        Assert.Equal("img_src does not hold a PNG image.", failure.Message);
    }

    [Fact]
    public async Task An_image_over_the_size_limit_is_an_invalid_response()
    {
        var large = FakePaymentPage.Png.Concat(new byte[5000]).ToArray();
        await using var page = await FakePaymentPage.StartAsync("application/json", FakePaymentPage.ImgSrcJson("image/png", large));

        var failure = await FailureOf(ClientFor(page, options => options.MaxImageBytes = 1000));

        Assert.Equal(PaymentPageErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("larger than", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_works_on_a_plain_HttpClient_and_keeps_its_total_timeout()
    {
        await using var page = await FakePaymentPage.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });
        using var http = new HttpClient();
        var client = new PaymentPageClient(
            http,
            Options.Create(new PaymentPageClientOptions { BaseUrl = page.BaseUri, TotalTimeout = TimeSpan.FromMilliseconds(300) }),
            new StaticSecretKeyProvider(FakePaymentPage.Secret));

        var failure = await FailureOf(client);

        Assert.Equal(PaymentPageErrorKind.Timeout, failure.Kind);
    }

    [Fact]
    public void Options_that_contradict_each_other_are_refused_when_the_client_is_resolved()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISecretKeyProvider>(new StaticSecretKeyProvider("k"));
        services.AddPaymentPageClient(options => options.TotalTimeout = TimeSpan.FromSeconds(1));

        var failure = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<PaymentPageClient>());
        Assert.Contains("TotalTimeout", failure.Message, StringComparison.Ordinal);
    }

    private static string SignatureOf(QrPurchaseRequest request) =>
        PaymentPageSignature.Sign(request.ToParameters().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), FakePaymentPage.Secret);
}
