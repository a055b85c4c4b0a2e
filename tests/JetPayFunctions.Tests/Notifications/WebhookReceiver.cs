using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JetPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JetPayFunctions.Tests.Notifications;

/// <summary>One webhook request as the merchant's endpoint saw it.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string Body, bool SignatureValid, int AnsweredStatus)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string PaymentId => (string)Json["data"]!["paymentId"]!;

    public bool Accepted => AnsweredStatus is >= 200 and < 300;

    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>
/// A merchant's webhook endpoint on loopback (Kestrel): records every request and checks its Standard Webhooks
/// signature with its own code, written from the specification, not with the app's signer.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>A secret as a merchant would be given: <c>whsec_</c> and the base64 of 32 bytes.</summary>
    public const string Secret = "whsec_" + "dGhlLW1lcmNoYW50cy13ZWJob29rLXNlY3JldC0zMmI=";

    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url => new(_app.BaseAddress(), "/hooks/jetpay");

    /// <summary>The status the endpoint answers; anything but 2xx is a failure to the sender.</summary>
    public int AnswerStatus { get; set; } = StatusCodes.Status200OK;

    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    /// <summary>How long the endpoint takes before it answers (after it has read and recorded the request).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Requests the endpoint is taking right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    private readonly ConcurrentQueue<int> _script = new();
    private int _inFlight;

    /// <summary>The next requests get these statuses, one each, before <see cref="AnswerStatus"/> again; none clears the script.</summary>
    public void AnswerNext(params int[] statuses)
    {
        _script.Clear();
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public IReadOnlyList<ReceivedWebhook> For(string paymentId) => Requests.Where(r => r.PaymentId == paymentId).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var app = LoopbackServer.Create();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/jetpay", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync().ConfigureAwait(false);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Whether one of the header's signatures is HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> with the secret.</summary>
    public static bool Verify(string? id, string? timestamp, string? signatures, string body)
    {
        if (id is null || timestamp is null || signatures is null)
        {
            return false;
        }

        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(TryBase64(s[3..]), expected));
    }

    private static byte[] TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var id = context.Request.Headers["webhook-id"].FirstOrDefault();
        var timestamp = context.Request.Headers["webhook-timestamp"].FirstOrDefault();
        var signature = context.Request.Headers["webhook-signature"].FirstOrDefault();
        var status = _script.TryDequeue(out var scripted) ? scripted : AnswerStatus;
        Interlocked.Increment(ref _inFlight);
        try
        {
            Requests.Enqueue(new ReceivedWebhook(id, timestamp, signature, body, Verify(id, timestamp, signature, body), status) { ReceivedAt = DateTimeOffset.UtcNow });
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        return Results.StatusCode(status);
    }
}
