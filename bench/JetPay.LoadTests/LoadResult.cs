using System.Globalization;

namespace JetPay.LoadTests;

/// <summary>What a load step measured: operations per second, latency percentiles, failures.</summary>
internal sealed record LoadResult(string Scenario, int Concurrency, int Operations, int Errors, double Throughput, double[] SortedLatenciesMs)
{
    /// <summary>CPU milliseconds per operation, by process role (<see cref="ProcessCpu"/>).</summary>
    public IReadOnlyDictionary<string, double> CpuMsPerOperation { get; init; } = new Dictionary<string, double>();

    /// <summary>When the step ran (one window per round), to tell which emulator stalls it includes.</summary>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Windows { get; init; } = [];

    public double P50Ms => Percentile(0.50);

    public double P95Ms => Percentile(0.95);

    public double P99Ms => Percentile(0.99);

    public static LoadResult From(string scenario, int concurrency, TimeSpan elapsed, IReadOnlyList<double> latenciesMs, int errors) =>
        new(scenario, concurrency, latenciesMs.Count, errors, latenciesMs.Count / elapsed.TotalSeconds, [.. latenciesMs.Order()]);

    /// <summary>Several rounds of one step as one: the median round's throughput, percentiles over every operation.</summary>
    public static LoadResult Merge(IReadOnlyList<LoadResult> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        return new LoadResult(
            rounds[0].Scenario,
            rounds[0].Concurrency,
            rounds.Sum(r => r.Operations),
            rounds.Sum(r => r.Errors),
            Median(rounds.Select(r => r.Throughput)),
            [.. rounds.SelectMany(r => r.SortedLatenciesMs).Order()])
        {
            CpuMsPerOperation = rounds.SelectMany(r => r.CpuMsPerOperation.Keys).Distinct()
                .ToDictionary(role => role, role => Median(rounds.Select(r => r.CpuMsPerOperation.GetValueOrDefault(role)))),
            Windows = [.. rounds.SelectMany(r => r.Windows)],
        };
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>CPU per operation by process, the biggest first: host, worker, Azurite, the load generator.</summary>
    public string CpuBreakdown =>
        string.Join(", ", CpuMsPerOperation.Where(c => c.Value >= 0.01).OrderByDescending(c => c.Value).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:F2}")));

    /// <summary>The value below which <paramref name="quantile"/> of <paramref name="sorted"/> lie (nearest rank).</summary>
    public static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    public string ToRow(string ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"| {Scenario} | {Concurrency} | {Operations} | {Errors} | {Throughput:F0} | {P50Ms:F1} | {P95Ms:F1} | {P99Ms:F1} | {ratio} | {CpuBreakdown} |");

    private double Percentile(double quantile) => Percentile(SortedLatenciesMs, quantile);
}

/// <summary>
/// A step against its baseline over interleaved rounds (baseline, then the step, then the next round), so that drift in
/// the machine's load hits both alike: the ratio is the median of the rounds' ratios, with their range.
/// </summary>
internal sealed record LoadComparison(LoadResult App, LoadResult Baseline, double[] RoundRatios)
{
    /// <param name="app">The step's rounds.</param>
    /// <param name="baseline">The baseline's rounds, in the same order.</param>
    /// <param name="merged">The baseline's rounds merged, one instance for every step it is the baseline of.</param>
    public static LoadComparison Of(IReadOnlyList<LoadResult> app, IReadOnlyList<LoadResult> baseline, LoadResult merged) =>
        new(LoadResult.Merge(app), merged, [.. app.Zip(baseline, (a, b) => a.Throughput / b.Throughput)]);

    public double Ratio => LoadResult.Median(RoundRatios);

    public string RatioText => RoundRatios.Length == 1
        ? Ratio.ToString("F2", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Ratio:F2} ({RoundRatios.Min():F2}–{RoundRatios.Max():F2})");
}
