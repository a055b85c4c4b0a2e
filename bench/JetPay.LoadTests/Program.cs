using System.Globalization;
using System.Text;
using JetPay.LoadTests;
using JetPay.Testing;

// dotnet run -c Release --project bench/JetPay.LoadTests [-- --smoke]
var size = args.Contains("--smoke") ? LoadSize.Smoke : LoadSize.Full;
await using var suite = await LoadSuite.StartAsync();
var results = await suite.RunAsync(size);
var notifications = await suite.AuditNotificationsAsync();

var report = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"# Load run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/JetPay.LoadTests{(size == LoadSize.Smoke ? " -- --smoke" : "")}` on {Environment.ProcessorCount} cores: the app under `func start` on Azurite (in memory, each service its own process), JetPay stood in by a loopback server, the load generator in a further process; all on one machine. Each step ran in {size.Rounds} round(s), interleaved with its baseline: ops/s is the median round's, the percentiles are over every operation, and the ratio is the median of the rounds' ratios (their range in brackets).")
    .AppendLine()
    .AppendLine("| scenario | callers | operations | errors | ops/s | p50 ms | p95 ms | p99 ms | ops/s vs baseline |")
    .AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
LoadResult? previousBaseline = null;
foreach (var step in results)
{
    if (!ReferenceEquals(step.Baseline, previousBaseline))
    {
        report.AppendLine(step.Baseline.ToRow(""));
    }

    report.AppendLine(step.App.ToRow(step.RatioText));
    previousBaseline = step.Baseline;
}

report.AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Notifications: after the runs the app was restarted under `func start` with its queue function on, MailDev and a loopback merchant webhook endpoint; it worked through {notifications.Messages} queued messages for {notifications.Payments} completed payments (a receipt and a webhook each) in {notifications.Took.TotalSeconds:F1} s, {notifications.PerSecond:F1} messages/s. The bare loop (SDK, MailKit and HttpClient, 2 receivers of 8 messages) did as many in {notifications.BareTook.TotalSeconds:F1} s, {notifications.BarePerSecond:F1} messages/s: ratio {notifications.PerSecond / notifications.BarePerSecond:F2}.")
    .AppendLine()
    .AppendLine(suite.AuditFailures.Count == 0
        ? "Audit: every callback stored exactly once, every payment `success`, and every completed payment's merchant got exactly one webhook, for `success`."
        : "Audit FAILED:\n\n" + string.Join('\n', suite.AuditFailures.Select(f => "- " + f)));

Console.WriteLine(report);
if (size == LoadSize.Full)
{
    var path = RepositoryRoot.Combine("bench", "results", "load.md");
    await File.WriteAllTextAsync(path, report.ToString());
    Console.WriteLine($"written to {path}");
}

return suite.AuditFailures.Count == 0 ? 0 : 1;
