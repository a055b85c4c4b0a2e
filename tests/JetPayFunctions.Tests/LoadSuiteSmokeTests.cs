using JetPay.LoadTests;

namespace JetPayFunctions.Tests;

/// <summary>
/// The load suite in its CI size: it runs end to end, nothing fails under concurrency, and its audits hold (every
/// callback stored once, every payment paid, every completed payment's merchant sent exactly one webhook, every
/// payment of the storm with notifications on exactly one receipt).
/// </summary>
public class LoadSuiteSmokeTests
{
    [Fact]
    public async Task The_load_suite_runs_without_errors_and_its_audit_holds()
    {
        await using var suite = await LoadSuite.StartAsync();

        var results = await suite.RunAsync(LoadSize.Smoke);
        var twoInstances = await suite.RunTwoInstancesAsync(LoadSize.Smoke);
        var notifications = await suite.RunNotificationsAsync(LoadSize.Smoke);

        Assert.Equal(LoadSize.Smoke.Concurrency.Length * 4, results.Count); // per step: the design's storage floor and the app, for QR and callbacks
        Assert.All(results.Append(twoInstances), r =>
        {
            Assert.Equal(0, r.App.Errors);
            Assert.Equal(0, r.Baseline.Errors);
            Assert.Equal(r.Baseline.Operations, r.App.Operations);
        });
        Assert.Empty(suite.AuditFailures);
        Assert.True(notifications.Messages >= notifications.Payments, $"{notifications.Messages} messages queued for {notifications.Payments} completed payments");
        Assert.Equal(LoadSize.Smoke.StormPayments, notifications.Storm.ReceiptMs.Length);
        Assert.Equal(0, notifications.Storm.Callbacks.Errors);
        var report = LoadReport.Write(LoadSize.Smoke, "smoke", results, twoInstances, notifications, suite.AuditFailures, suite.Stalls);
        Assert.Contains("## Summary", report, StringComparison.Ordinal);
        Assert.Contains("Azurite stalls:", report, StringComparison.Ordinal); // every report says whether its figures include an emulator pause
    }
}
