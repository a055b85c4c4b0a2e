using System.Globalization;
using JetPay.LoadTests;
using JetPay.Testing;

// dotnet run -c Release --project bench/JetPay.LoadTests [-- --smoke | --probe | --probe-notifications]
var size = args.Contains("--smoke") ? LoadSize.Smoke : LoadSize.Full;
await using var suite = await LoadSuite.StartAsync();
if (args.Contains("--probe"))
{
    // One step looked at closely: callback storms at 32 callers against the bare insert, with where the CPU went.
    var payments = int.Parse(Environment.GetEnvironmentVariable("PROBE_PAYMENTS") ?? "400", CultureInfo.InvariantCulture);
    var (bare, app, ratios) = await suite.ProbeCallbacksAsync(32, payments);
    foreach (var step in new[] { bare, app })
    {
        Console.WriteLine(step.ToRow(""));
    }

    Console.WriteLine("ratios: " + string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture))));
    Console.WriteLine(string.Join('\n', suite.AuditFailures));
    return suite.AuditFailures.Count == 0 ? 0 : 1;
}

if (args.Contains("--probe-notifications"))
{
    // The notification steps alone, after callback storms at 32 callers that queue their messages.
    var small = LoadSize.Full with { Concurrency = [32], Rounds = 2 };
    await suite.RunAsync(small);
    var run = await suite.RunNotificationsAsync(small);
    var receipts = run.Storm.ReceiptMs;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drain: {run.Messages} messages, app {run.PerSecond:F1}/s, bare {run.BarePerSecond:F1}/s, ratio {run.PerSecond / run.BarePerSecond:F2}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"storm: {run.Storm.Callbacks.Throughput:F0} callbacks/s; 200 to receipt p50 {LoadResult.Percentile(receipts, 0.5):F0} p95 {LoadResult.Percentile(receipts, 0.95):F0} p99 {LoadResult.Percentile(receipts, 0.99):F0} ms; to webhook p50 {LoadResult.Percentile(run.Storm.WebhookMs, 0.5):F0} p99 {LoadResult.Percentile(run.Storm.WebhookMs, 0.99):F0} ms"));
    Console.WriteLine(string.Join('\n', suite.AuditFailures));
    Console.WriteLine(string.Join('\n', suite.Stalls.Select(s => $"Azurite stall: {s.Service} at {s.At:HH:mm:ss.f} took {s.Took.TotalSeconds:F1} s")));
    return suite.AuditFailures.Count == 0 ? 0 : 1;
}

var steps = await suite.RunAsync(size);
var twoInstances = await suite.RunTwoInstancesAsync(size);
var notifications = await suite.RunNotificationsAsync(size);
var command = "dotnet run -c Release --project bench/JetPay.LoadTests" + (size == LoadSize.Smoke ? " -- --smoke" : "");
var report = LoadReport.Write(size, command, steps, twoInstances, notifications, suite.AuditFailures, suite.Stalls);
Console.WriteLine(report);
if (size == LoadSize.Full)
{
    var path = RepositoryRoot.Combine("bench", "results", "load.md");
    await File.WriteAllTextAsync(path, report);
    Console.WriteLine($"written to {path}");
}

return suite.AuditFailures.Count == 0 ? 0 : 1;
