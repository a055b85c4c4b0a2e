using System.Collections.Concurrent;
using JetPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JetPay.PaymentPage.Tests.Client;

/// <summary>
/// A stand-in for the Payment Page on 127.0.0.1: checks each request's signature with the project's secret (400 when
/// it does not match), records the parameters, then answers as the test says.
/// </summary>
internal sealed class FakePaymentPage : IAsyncDisposable
{
    public const string Secret = "fake-page-secret-9f2c";

    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;
    private int _requests;

    private FakePaymentPage(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Requests that reached the server, signed or not.</summary>
    public int Requests => _requests;

    /// <summary>The decoded query parameters of each signed request, signature excluded.</summary>
    public ConcurrentQueue<List<KeyValuePair<string, string>>> Received { get; } = new();

    public static string ImgSrcJson(string mediaType, byte[] content) =>
        $$"""{"img_src":"data:{{mediaType.Replace("/", "\\/", StringComparison.Ordinal)}};base64,{{Convert.ToBase64String(content).Replace("/", "\\/", StringComparison.Ordinal)}}"}""";

    public static Task<FakePaymentPage> StartAsync(string contentType, string body, int status = 200) =>
        StartAsync(context => Answer(context, status, contentType, body));

    public static async Task<FakePaymentPage> StartAsync(Func<HttpContext, Task> answer)
    {
        var app = LoopbackServer.Create();
        var page = new FakePaymentPage(app);

        app.MapGet("/payment/generate-qr", async context =>
        {
            Interlocked.Increment(ref page._requests);
            var parameters = context.Request.Query
                .Where(p => p.Key != "signature")
                .Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()))
                .ToList();
            var expected = PaymentPageSignature.Sign(parameters.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), Secret);
            if (context.Request.Query["signature"] != expected)
            {
                await Answer(context, 400, "application/json", """{"error":"signature is invalid"}""");
                return;
            }

            page.Received.Enqueue(parameters);
            await answer(context);
        });

        await app.StartAsync();
        page.BaseUri = app.BaseAddress();
        return page;
    }

    public static async Task Answer(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
