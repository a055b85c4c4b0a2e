using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace JetPay.LoadTests;

/// <summary>
/// Asks Azurite's queue and table services something trivial every 200 ms and records every answer that took longer
/// than <see cref="Threshold"/>: the emulator's own pauses (its queue clean-up pass runs every minute and was seen to
/// hold the queue service for seconds), which Azure does not have. The report says which steps they fell in, so that a
/// figure that includes one is read as such.
/// </summary>
internal sealed class AzuriteStallWatch : IAsyncDisposable
{
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<AzuriteStall> _stalls = new();
    private readonly Task _watching;

    private AzuriteStallWatch(string connectionString)
    {
        var queue = new QueueClient(connectionString, "stall-watch");
        var table = new TableServiceClient(connectionString);
        _watching = Task.WhenAll(
            WatchAsync("queue", async token => await queue.CreateIfNotExistsAsync(cancellationToken: token).ConfigureAwait(false)),
            WatchAsync("table", async token => await table.GetPropertiesAsync(token).ConfigureAwait(false)));
    }

    public IReadOnlyList<AzuriteStall> Stalls => [.. _stalls];

    public static AzuriteStallWatch Start(string connectionString) => new(connectionString);

    /// <summary>The stalls that overlapped a step's window.</summary>
    public IReadOnlyList<AzuriteStall> During(DateTimeOffset from, DateTimeOffset to) =>
        [.. _stalls.Where(s => s.At < to && s.At + s.Took > from)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task WatchAsync(string service, Func<CancellationToken, Task> ask)
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            try
            {
                await ask(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Azure.RequestFailedException)
            {
                // an answer all the same: the service is not stalled
            }

            if (clock.Elapsed > Threshold)
            {
                _stalls.Enqueue(new AzuriteStall(service, at, clock.Elapsed));
            }

            try
            {
                await Task.Delay(Interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>One slow answer of an Azurite service: which, when it was asked, and how long it took.</summary>
internal sealed record AzuriteStall(string Service, DateTimeOffset At, TimeSpan Took);
