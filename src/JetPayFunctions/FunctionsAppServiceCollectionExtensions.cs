using JetPay.Payments;
using JetPayFunctions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JetPayFunctions;

/// <summary>Everything the function classes need.</summary>
public static class FunctionsAppServiceCollectionExtensions
{
    /// <summary>The whole worker as <c>Program</c> builds it: ASP.NET Core integration, telemetry, the app's services.</summary>
    public static FunctionsApplicationBuilder ConfigureJetPayFunctionsApp(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.AddJetPayTelemetry();
        builder.Services.AddJetPayFunctionsApp(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddJetPayFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddJetPayPayments(configuration);
        services.AddHostedService<StorageProvisioningService>();
        return services;
    }
}
