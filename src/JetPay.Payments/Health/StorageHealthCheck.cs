using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JetPay.Payments.Health;

/// <summary>
/// Whether storage answers: one query of the payments table for a partition that never exists (a single request that
/// reads nothing). Blobs, queues and tables are one account, and the table is the one every request needs.
/// </summary>
public sealed class StorageHealthCheck(TableClient payments) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var query = payments.QueryAsync<TableEntity>(filter: "PartitionKey eq 'health-check'", maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken);
            await foreach (var _ in query.AsPages().WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                break; // one page answers the question
            }

            return HealthCheckResult.Healthy("Table storage answers.");
        }
        catch (RequestFailedException ex) when (ex.Status > 0)
        {
            return HealthCheckResult.Unhealthy($"Table storage answered {FailedRequests.Describe(ex)}.");
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy("Table storage could not be reached.");
        }
    }
}
