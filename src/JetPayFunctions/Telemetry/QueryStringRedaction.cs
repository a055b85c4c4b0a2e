using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace JetPayFunctions.Telemetry;

/// <summary>
/// Application Insights records the full URL of every outgoing HTTP call. A <c>generate-qr</c> URL carries the customer's
/// name and email and the request's signature in its query, so dependency telemetry keeps only the path.
/// </summary>
public sealed class QueryStringRedaction : ITelemetryInitializer
{
    public void Initialize(ITelemetry telemetry)
    {
        if (telemetry is DependencyTelemetry { Type: "Http" } dependency)
        {
            dependency.Data = WithoutQuery(dependency.Data);
            dependency.Name = WithoutQuery(dependency.Name);
        }
    }

    internal static string WithoutQuery(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? string.Empty;
        }

        var query = value.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? value : value[..query];
    }
}
