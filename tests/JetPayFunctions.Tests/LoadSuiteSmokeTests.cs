using JetPay.LoadTests;

namespace JetPayFunctions.Tests;

/// <summary>The load suite in its CI size: it runs end to end, nothing fails under concurrency, and its audit holds.</summary>
public class LoadSuiteSmokeTests
{
    [Fact]
    public async Task The_load_suite_runs_without_errors_and_its_audit_holds()
    {
        await using var suite = await LoadSuite.StartAsync();

        var results = await suite.RunAsync(LoadSize.Smoke);

        Assert.Equal(LoadSize.Smoke.Concurrency.Length * 3, results.Count); // QR; callback floor and app
        Assert.All(results, r =>
        {
            Assert.Equal(0, r.App.Errors);
            Assert.Equal(0, r.Baseline.Errors);
            Assert.Equal(r.Baseline.Operations, r.App.Operations);
        });
        Assert.Empty(suite.AuditFailures);
    }
}
