using JetPayFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JetPayFunctions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 when storage answers and the JetPay key can be read, 503 naming the dependency that
/// failed. Anonymous, for load balancers, availability tests and <c>npm start</c>: it says nothing of secrets or payments.
/// </summary>
public sealed class HealthFunction(HealthCheckService health)
{
    public const string Name = "Health";

    [Function(Name)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        var healthy = report.Status == HealthStatus.Healthy;
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new CheckAnswer(StatusOf(entry.Value.Status), Describe(entry.Value)));
        return new JsonBodyResult(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new HealthAnswer(StatusOf(report.Status), checks));
    }

    // A check's own words, which name no secret; an exception it did not expect is named by its type only, since its
    // message may hold a URL or more.
    private static string Describe(HealthReportEntry entry) => entry.Exception switch
    {
        null => entry.Description ?? entry.Status.ToString(),
        OperationCanceledException => "The check did not finish in time.",
        var unexpected => $"The check failed ({unexpected.GetType().Name}).",
    };

    private static string StatusOf(HealthStatus status) => status == HealthStatus.Healthy ? "healthy" : "unhealthy";

    private sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, CheckAnswer> Checks);

    private sealed record CheckAnswer(string Status, string Description);
}
