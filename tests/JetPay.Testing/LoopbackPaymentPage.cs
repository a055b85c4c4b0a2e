using System.Collections.Concurrent;
using JetPay.PaymentPage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JetPay.Testing;

/// <summary>How the stand-in answers <c>generate-qr</c>.</summary>
public enum PaymentPageBehaviour
{
    IssueQrCode,
    ServerError,
    Slow,
    Garbage,
    NotPng,
    JsonError,
}

/// <summary>
/// A JetPay Payment Page stand-in on loopback: a real HTTP server that checks each <c>generate-qr</c> request's
/// signature with the project's secret, records it, and answers as <see cref="Behaviour"/> says.
/// </summary>
public sealed class LoopbackPaymentPage : IAsyncDisposable
{
    /// <summary>A valid 1×1 PNG: what a successful <c>generate-qr</c> returns.</summary>
    public static readonly byte[] QrCodePng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;
    private readonly string _secretKey;

    private LoopbackPaymentPage(WebApplication app, string secretKey)
    {
        _app = app;
        _secretKey = secretKey;
    }

    public Uri BaseUri => _app.BaseAddress();

    public PaymentPageBehaviour Behaviour { get; set; } = PaymentPageBehaviour.IssueQrCode;

    /// <summary>How long <see cref="PaymentPageBehaviour.Slow"/> waits before answering.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every <c>generate-qr</c> request, with its query parameters.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    /// <summary>Requests whose signature did not verify.</summary>
    public int BadSignatures => _badSignatures;

    private int _badSignatures;

    /// <summary>Back to issuing QR codes at once, with no requests recorded: one stand-in serves many tests in turn.</summary>
    public void Reset()
    {
        Behaviour = PaymentPageBehaviour.IssueQrCode;
        SlowDelay = TimeSpan.FromSeconds(5);
        Requests.Clear();
        Interlocked.Exchange(ref _badSignatures, 0);
    }

    public static async Task<LoopbackPaymentPage> StartAsync(string secretKey)
    {
        var app = LoopbackServer.Create();
        var page = new LoopbackPaymentPage(app, secretKey);
        app.MapGet("/payment/generate-qr", (Delegate)page.GenerateQrAsync);
        await app.StartAsync().ConfigureAwait(false);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> GenerateQrAsync(HttpContext context)
    {
        var parameters = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        Requests.Enqueue(parameters);
        var signature = parameters.GetValueOrDefault("signature");
        var signed = parameters.Where(p => p.Key != "signature").Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
        if (signature is null || PaymentPageSignature.Sign(signed, _secretKey) != signature)
        {
            Interlocked.Increment(ref _badSignatures);
            return Results.Json(new { status = "error", code = "1201", message = "Invalid signature" }, statusCode: 400);
        }

        switch (Behaviour)
        {
            case PaymentPageBehaviour.ServerError:
                return Results.Text("upstream exploded", "text/plain", statusCode: 500);
            case PaymentPageBehaviour.Slow:
                await Task.Delay(SlowDelay, context.RequestAborted).ConfigureAwait(false);
                break;
            case PaymentPageBehaviour.Garbage:
                return Results.Text("<html>definitely not json", "text/html");
            case PaymentPageBehaviour.NotPng:
                return Results.Json(new { img_src = "data:image/png;base64," + Convert.ToBase64String("GIF89a not a png"u8.ToArray()) });
            case PaymentPageBehaviour.JsonError:
                return Results.Json(new { status = "error", code = "2003", message = "Project is not active" });
        }

        return Results.Json(new { img_src = "data:image/png;base64," + Convert.ToBase64String(QrCodePng) });
    }
}
