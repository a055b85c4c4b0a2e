using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JetPay.Testing;

/// <summary>
/// A merchant's callback endpoint on loopback: answers each POST with the next scripted status code (then 200),
/// and records every body exactly as received.
/// </summary>
public sealed class LoopbackCallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;
    private readonly ConcurrentQueue<ReceivedCallback> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);

    private LoopbackCallbackReceiver(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
    }

    /// <summary>The URL to post callbacks to.</summary>
    public Uri Url => new(_app.BaseAddress(), "/callback");

    /// <summary>Every callback so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedCallback> Received => _received.ToArray();

    /// <param name="statusCodes">What to answer the first posts with, in order; every later post gets 200.</param>
    public static async Task<LoopbackCallbackReceiver> StartAsync(params int[] statusCodes)
    {
        var app = LoopbackServer.Create();
        var receiver = new LoopbackCallbackReceiver(app, statusCodes);
        app.MapPost("/callback", receiver.ReceiveAsync);
        await app.StartAsync().ConfigureAwait(false);
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> callbacks have arrived, and returns them.</summary>
    /// <exception cref="TimeoutException">They did not arrive in time.</exception>
    public async Task<IReadOnlyList<ReceivedCallback>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (_received.Count < count)
            {
                await _arrivals.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_received.Count} of {count} callbacks arrived.");
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _arrivals.Dispose();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var status = _script.TryDequeue(out var scripted) ? scripted : StatusCodes.Status200OK;
        _received.Enqueue(new ReceivedCallback(body.ToArray(), context.Request.ContentType, status, DateTimeOffset.UtcNow));
        _arrivals.Release();
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(status == 200 ? "ok" : "try again", context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>One callback as it arrived, and what the receiver answered.</summary>
public sealed record ReceivedCallback(byte[] Body, string? ContentType, int AnsweredWith, DateTimeOffset At);
