using System.Globalization;
using System.Text;

namespace JetPay.LoadTests;

/// <summary>The load run as Markdown: a summary against the targets, then every step with where its CPU went.</summary>
internal static class LoadReport
{
    private const string QrApp = "QR: POST /api/payments/qr";
    private const string CallbackApp = "Callback: POST /api/jetpay/callback";

    public static string Write(
        LoadSize size, string command, IReadOnlyList<LoadComparison> steps, LoadComparison twoInstances, NotificationRun notifications, IReadOnlyList<string> auditFailures, IReadOnlyList<AzuriteStall> stalls)
    {
        var report = new StringBuilder();
        Line(report, $"# Load run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line(report);
        Line(report, $"`{command}` on {Environment.ProcessorCount} cores: the app under `func start` on Azurite (in memory, each service its own process), JetPay stood in by a loopback server, MailDev and a loopback merchant endpoint for the notifications, the load generator in a further process; all on one machine. Each step ran in {size.Rounds} round(s), interleaved with its baseline: ops/s is the median round's, the percentiles are over every operation, the ratio is the median of the rounds' ratios (their range in brackets).");
        Line(report);
        Line(report, "## Summary");
        Line(report);
        Line(report, "| what | measured | target | |");
        Line(report, "| --- | --- | --- | --- |");
        foreach (var callers in size.Concurrency.Where(c => c > 1))
        {
            var qr = Find(steps, QrApp, callers);
            Line(report, $"| QR creation, {callers} callers, vs bare blob upload + table insert | {qr.RatioText} | ≥ 0.8 | {Verdict(qr.Ratio >= 0.8)} |");
        }

        foreach (var callers in size.Concurrency.Where(c => c > 1))
        {
            var callbacks = Find(steps, CallbackApp, callers);
            var p99 = callers >= 32 ? $", p99 {callbacks.App.P99Ms:F0} ms" : "";
            var target = callers >= 32 ? "≥ 0.6, p99 < 100 ms" : "≥ 0.6";
            var met = callbacks.Ratio >= 0.6 && (callers < 32 || callbacks.App.P99Ms < 100);
            Line(report, $"| Callbacks, {callers} callers, vs bare table insert | {callbacks.RatioText}{p99} | {target} | {Verdict(met)} |");
        }

        Line(report, $"| Callbacks, {twoInstances.App.Concurrency} callers, two instances vs one | {twoInstances.RatioText}, p99 {twoInstances.App.P99Ms:F0} ms (one: {twoInstances.Baseline.P99Ms:F0} ms) | grows | {Verdict(twoInstances.Ratio > 1)} |");
        Line(report, $"| Notifications vs the bare loop (messages/s) | {notifications.PerSecond / notifications.BarePerSecond:F2} ({notifications.PerSecond:F1} vs {notifications.BarePerSecond:F1}) | ≥ 0.5 | {Verdict(notifications.PerSecond / notifications.BarePerSecond >= 0.5)} |");
        var receipts = notifications.Storm.ReceiptMs;
        var receiptP99 = LoadResult.Percentile(receipts, 0.99);
        Line(report, $"| Callback 200 to receipt in MailDev, during a storm at 32 callers ({receipts.Length} payments) | p50 {Ms(LoadResult.Percentile(receipts, 0.5))}, p95 {Ms(LoadResult.Percentile(receipts, 0.95))}, p99 {Ms(receiptP99)} | p99 < 3 s | {Verdict(receiptP99 < 3000)} |");
        var webhooks = notifications.Storm.WebhookMs;
        Line(report, $"| Callback 200 to merchant webhook, same storm | p50 {Ms(LoadResult.Percentile(webhooks, 0.5))}, p95 {Ms(LoadResult.Percentile(webhooks, 0.95))}, p99 {Ms(LoadResult.Percentile(webhooks, 0.99))} | | |");
        Line(report, $"| Audits (nothing lost, nothing doubled) | {(auditFailures.Count == 0 ? "held in every round" : $"{auditFailures.Count} failures")} | hold | {Verdict(auditFailures.Count == 0)} |");
        Line(report);

        var ceiling = Find(steps, CallbackApp, size.Concurrency.Max());
        var bareCpu = ceiling.Baseline.CpuMsPerOperation.Values.Sum();
        var appCpu = ceiling.App.CpuMsPerOperation.Values.Sum();
        if (appCpu > 0)
        {
            Line(report, $"Where the time goes: every process here shares the same {Environment.ProcessorCount} cores, so a step that keeps them busy runs at about cores ÷ CPU per operation. At {ceiling.App.Concurrency} callers a bare insert cost {bareCpu:F2} ms of CPU in all processes together, a callback through the app {appCpu:F2} ms ({ceiling.App.CpuBreakdown}): on this machine that alone puts the ratio near {bareCpu / appCpu:F2}.");
            Line(report);
        }

        Line(report, "## Every step");
        Line(report);
        Line(report, "| scenario | callers | operations | errors | ops/s | p50 ms | p95 ms | p99 ms | ops/s vs baseline | CPU ms per operation |");
        Line(report, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        LoadResult? previousBaseline = null;
        foreach (var step in steps.Append(twoInstances))
        {
            if (!ReferenceEquals(step.Baseline, previousBaseline))
            {
                Line(report, step.Baseline.ToRow(""));
            }

            Line(report, step.App.ToRow(step.RatioText));
            previousBaseline = step.Baseline;
        }

        Line(report, notifications.Storm.Callbacks.ToRow(""));
        Line(report);
        Line(report, $"Notifications: the app, restarted under `func start` with its queue function on, worked through {notifications.Messages} queued messages for {notifications.Payments} completed payments (a receipt and a webhook each) in {notifications.Took.TotalSeconds:F1} s, {notifications.PerSecond:F1} messages/s. The bare loop (SDK, MailKit over at most 4 open SMTP connections, HttpClient; 3 receivers of 8 messages, as many in flight as the host's batchSize 16 plus newBatchThreshold 8) did as many in {notifications.BareTook.TotalSeconds:F1} s, {notifications.BarePerSecond:F1} messages/s. Then a callback storm at 32 callers ran with the notifications on, on a fresh Azurite (the last row above): Azurite answers a table query by scanning the whole table, so on the earlier steps' rows every notification's read of its payment would cost the emulator what a partition read on Azure does not.");
        Line(report);
        WriteStalls(report, stalls, steps.Append(twoInstances).SelectMany(s => new[] { s.App, s.Baseline }).Append(notifications.Storm.Callbacks).Distinct().ToList(), notifications);
        Line(report, auditFailures.Count == 0
            ? "Audit: every callback stored exactly once, every payment `success`, every completed payment's merchant got exactly one webhook, for `success`, and every payment of the last storm exactly one receipt."
            : "Audit FAILED:\n\n" + string.Join('\n', auditFailures.Select(f => "- " + f)));
        return report.ToString();
    }

    /// <summary>Which figures include a pause of the emulator (Azurite's queue clean-up, every minute), which Azure does not have.</summary>
    private static void WriteStalls(StringBuilder report, IReadOnlyList<AzuriteStall> stalls, IReadOnlyList<LoadResult> results, NotificationRun notifications)
    {
        if (stalls.Count == 0)
        {
            Line(report, $"Azurite stalls: none. A watcher asked the queue and table services something trivial every 200 ms for the whole run, and no answer took over {AzuriteStallWatch.Threshold.TotalMilliseconds:F0} ms, so no figure above includes an emulator pause.");
            Line(report);
            return;
        }

        Line(report, $"Azurite stalls: a watcher asked the queue and table services something trivial every 200 ms; these answers took over {AzuriteStallWatch.Threshold.TotalMilliseconds:F0} ms, and the figures of the steps named beside them include the pause.");
        Line(report);
        Line(report, "| when (UTC) | service | took | during |");
        Line(report, "| --- | --- | --- | --- |");
        foreach (var stall in stalls.OrderBy(s => s.At))
        {
            var end = stall.At + stall.Took;
            var during = results.Where(r => r.Windows.Any(w => stall.At < w.To && end > w.From)).Select(r => $"{r.Scenario} ({r.Concurrency})").ToList();
            if (stall.At < notifications.DrainWindow.To && end > notifications.DrainWindow.From)
            {
                during.Add("the notification drain");
            }

            Line(report, $"| {stall.At:HH:mm:ss.f} | {stall.Service} | {stall.Took.TotalSeconds:F1} s | {(during.Count == 0 ? "between steps" : string.Join("; ", during))} |");
        }

        Line(report);
    }

    private static LoadComparison Find(IReadOnlyList<LoadComparison> steps, string scenario, int callers) =>
        steps.Single(s => s.App.Scenario == scenario && s.App.Concurrency == callers);

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms >= 1000 ? $"{ms / 1000:F2} s" : $"{ms:F0} ms";


    private static void Line(StringBuilder report, FormattableString text) => report.AppendLine(text.ToString(CultureInfo.InvariantCulture));

    private static void Line(StringBuilder report, string text = "") => report.AppendLine(text);
}
