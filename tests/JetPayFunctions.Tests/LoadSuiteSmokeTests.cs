using JetPay.LoadTests;

namespace JetPayFunctions.Tests;

/// <summary>
/// The load suite in its CI size: it runs end to end, nothing fails under concurrency, and its audits hold (every
/// callback stored once, every payment paid, every completed payment's merchant sent exactly one webhook).
/// </summary>
public class LoadSuiteSmokeTests
{
    [Fact]
    public async Task The_load_suite_runs_without_errors_and_its_audit_holds()
    {
        await using var suite = await LoadSuite.StartAsync();

        var results = await suite.RunAsync(LoadSize.Smoke);
        var notifications = await suite.AuditNotificationsAsync();

        Assert.Equal(LoadSize.Smoke.Concurrency.Length * 4, results.Count); // per step: the design's storage floor and the app, for QR and callbacks
        Assert.All(results, r =>
        {
            Assert.Equal(0, r.App.Errors);
            Assert.Equal(0, r.Baseline.Errors);
            Assert.Equal(r.Baseline.Operations, r.App.Operations);
        });
        Assert.Empty(suite.AuditFailures);
        Assert.True(notifications.Messages >= notifications.Payments, $"{notifications.Messages} messages queued for {notifications.Payments} completed payments");
    }
}
