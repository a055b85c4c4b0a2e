using System.Collections.Concurrent;
using System.Diagnostics;

namespace JetPay.LoadTests;

/// <summary>Runs operations with a fixed number of concurrent callers and records each one's latency.</summary>
internal static class LoadRunner
{
    /// <summary>Each caller takes the next operation index until <paramref name="operations"/> ran; <paramref name="operation"/> returns whether it succeeded.</summary>
    public static async Task<LoadResult> RunAsync(string scenario, int concurrency, int operations, Func<int, Task<bool>> operation)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = -1;
        var cpu = ProcessCpu.Snapshot();
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < operations)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(index).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Azure.RequestFailedException)
                {
                    ok = false;
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ConfigureAwait(false);
        clock.Stop();
        var spent = ProcessCpu.Snapshot().Since(cpu);
        return LoadResult.From(scenario, concurrency, clock.Elapsed, [.. latencies], errors) with
        {
            CpuMsPerOperation = spent.Where(s => s.Value > 0).ToDictionary(s => s.Key, s => s.Value * 1000 / operations),
            Windows = [(startedAt, startedAt + clock.Elapsed)],
        };
    }
}
