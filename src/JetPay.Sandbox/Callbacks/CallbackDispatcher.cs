using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace JetPay.Sandbox.Callbacks;

/// <summary>
/// Posts callbacks to the callback URL and delivers each again on <see cref="RetrySchedule"/> until it is answered
/// with 200 (only 200 counts, as JetPay documents) or the attempts run out. First attempts go out one at a time in
/// the order the callbacks were queued, so out-of-order and duplicate switches arrive in the order they describe.
/// </summary>
internal sealed class CallbackDispatcher(
    IHttpClientFactory httpClients,
    IOptions<SandboxOptions> options,
    TimeProvider clock,
    ILogger<CallbackDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "callbacks";
    private const int ResponseExcerptLength = 500;

    private readonly Channel<CallbackDelivery> _firstAttempts = Channel.CreateUnbounded<CallbackDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RetrySchedule _schedule = new(options.Value.RetryScale, options.Value.MaxAttempts);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Queues a delivery; with a delay, it joins the queue only once the delay is over.</summary>
    public void Enqueue(CallbackDelivery delivery, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            _firstAttempts.Writer.TryWrite(delivery);
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(delay, clock, _stopping.Token).ConfigureAwait(false);
            _firstAttempts.Writer.TryWrite(delivery);
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var registration = stoppingToken.Register(_stopping.Cancel).ConfigureAwait(false);
        try
        {
            await foreach (var delivery in _firstAttempts.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!await AttemptAsync(delivery, 1, stoppingToken).ConfigureAwait(false))
                {
                    _ = Task.Run(() => RetryAsync(delivery, stoppingToken), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    public override void Dispose()
    {
        base.Dispose(); // cancels the stopping token, and with it _stopping: dispose that only afterwards
        _stopping.Dispose();
    }

    private async Task RetryAsync(CallbackDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            for (var attempt = 2; attempt <= _schedule.MaxAttempts; attempt++)
            {
                await Task.Delay(_schedule.DelayBefore(attempt), clock, stoppingToken).ConfigureAwait(false);
                if (await AttemptAsync(delivery, attempt, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <returns>Whether the delivery is over (delivered, or no attempt left).</returns>
    private async Task<bool> AttemptAsync(CallbackDelivery delivery, int number, CancellationToken stoppingToken)
    {
        var at = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        int? statusCode = null;
        string? response = null;
        string? error = null;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            timeout.CancelAfter(options.Value.CallbackTimeout);
            try
            {
                using var content = new StringContent(delivery.Body, Encoding.UTF8, "application/json");
                using var answer = await httpClients.CreateClient(HttpClientName).PostAsync(delivery.Url, content, timeout.Token).ConfigureAwait(false);
                statusCode = (int)answer.StatusCode;
                var text = await answer.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                response = text.Length > ResponseExcerptLength ? text[..ResponseExcerptLength] : text;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                error = $"no answer within {options.Value.CallbackTimeout.TotalSeconds:0.###} s";
            }
            catch (HttpRequestException ex)
            {
                error = ex.Message;
            }
        }

        var delivered = statusCode == StatusCodes.Status200OK;
        var last = number >= _schedule.MaxAttempts;
        var state = delivered ? DeliveryState.Delivered : last ? DeliveryState.GaveUp : DeliveryState.Pending;
        DateTimeOffset? next = state == DeliveryState.Pending ? clock.GetUtcNow() + _schedule.DelayBefore(number + 1) : null;
        delivery.Record(new DeliveryAttempt(number, at, statusCode, response, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds), state, next);

        logger.LogInformation(
            "Callback {DeliveryId} ({Status}) for payment {PaymentId}, attempt {Attempt}: {Outcome}",
            delivery.Id, delivery.Status, delivery.PaymentId, number, statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? error);
        return delivered || last;
    }
}
