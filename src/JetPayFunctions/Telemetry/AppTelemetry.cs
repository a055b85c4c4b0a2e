using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using JetPay.Payments.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using OpenTelemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace JetPayFunctions.Telemetry;

/// <summary>
/// The worker's logs, traces and metrics: OpenTelemetry with the Azure Monitor exporter, where a connection string is
/// set (host.json's <c>telemetryMode</c> puts the host on OpenTelemetry too, so both write one trace per request).
/// </summary>
public static class AppTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The host's own setting for Microsoft Entra sign-in to Application Insights: <c>ClientId=…;Authorization=AAD</c>.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Log levels the app starts from; an app setting (<c>Logging__LogLevel__Azure=Information</c>) wins. The Azure SDK
    /// clients log every storage request and response at Information (some fifty lines per callback), and
    /// <c>HttpClient</c> two lines per call that its span already holds.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultLogLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Azure"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    public static FunctionsApplicationBuilder AddJetPayTelemetry(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // First in line, so that every other source (app settings, environment) overrides these defaults.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultLogLevels });

        // Only where telemetry has somewhere to go: without a connection string (local runs, tests) nothing is collected.
        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (string.IsNullOrEmpty(connectionString))
        {
            return builder;
        }

        var credential = CredentialFor(builder.Configuration[AuthenticationStringSetting]);
        builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter(exporter =>
            {
                exporter.ConnectionString = connectionString;
                exporter.Credential = credential;
                // Every request is kept: the volume is small and each one is money. (A rate limit of traces per
                // second, when set, would win over the ratio.)
                exporter.TracesPerSecond = null;
                exporter.SamplingRatio = 1.0F;
            })
            // Outgoing calls (JetPay, the merchant's webhook). The URL's query values are redacted by default: a
            // generate-qr URL carries the customer's name and e-mail and the request's signature.
            .WithTracing(tracing => tracing.AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(PaymentMetrics.MeterName));
        return builder;
    }

    /// <summary>The identity named by <see cref="AuthenticationStringSetting"/>, as the host reads it; none for a resource that takes keys.</summary>
    internal static TokenCredential? CredentialFor(string? authenticationString)
    {
        if (string.IsNullOrEmpty(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
