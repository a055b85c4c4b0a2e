using System.Globalization;

namespace JetPay.LoadTests;

/// <summary>What one load step measured: operations per second, latency percentiles, failures.</summary>
internal sealed record LoadResult(string Scenario, int Concurrency, int Operations, int Errors, TimeSpan Elapsed, double P50Ms, double P95Ms, double P99Ms)
{
    public double Throughput => Operations / Elapsed.TotalSeconds;

    public static LoadResult From(string scenario, int concurrency, TimeSpan elapsed, IReadOnlyList<double> latenciesMs, int errors)
    {
        var sorted = latenciesMs.Order().ToArray();
        return new LoadResult(scenario, concurrency, latenciesMs.Count, errors, elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99));
    }

    public string ToRow(LoadResult? baseline) =>
        string.Create(CultureInfo.InvariantCulture, $"| {Scenario} | {Concurrency} | {Operations} | {Errors} | {Throughput:F0} | {P50Ms:F1} | {P95Ms:F1} | {P99Ms:F1} | {(baseline is null ? "" : (Throughput / baseline.Throughput).ToString("F2", CultureInfo.InvariantCulture))} |");

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
