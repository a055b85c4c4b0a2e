using Microsoft.Extensions.DependencyInjection;

namespace JetPay.Payments.Health;

/// <summary>The checks behind <c>GET /api/health</c>.</summary>
public static class HealthChecksServiceCollectionExtensions
{
    /// <summary>How long a check may take before it counts as failed: below a load balancer's or availability test's own time-out.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddPaymentHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>(StorageHealthCheck.Name, timeout: CheckTimeout)
            .AddCheck<SecretKeyHealthCheck>(SecretKeyHealthCheck.Name, timeout: CheckTimeout);
        return services;
    }
}
