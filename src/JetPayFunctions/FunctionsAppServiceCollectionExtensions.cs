using JetPay.Payments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JetPayFunctions;

/// <summary>Everything the function classes need.</summary>
public static class FunctionsAppServiceCollectionExtensions
{
    public static IServiceCollection AddJetPayFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddJetPayPayments(configuration);
        services.AddHostedService<StorageProvisioningService>();
        return services;
    }
}
