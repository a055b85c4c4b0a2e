using System.Diagnostics;
using JetPay.Payments.Callbacks;
using JetPay.Testing;
using JetPayFunctions.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace JetPayFunctions.Tests;

/// <summary>
/// The worker's host as <c>Program</c> builds it, with an Application Insights connection string set (its ingestion
/// endpoint a closed loopback port): what its OpenTelemetry pipeline would export.
/// </summary>
public class TelemetryTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";

    [Fact]
    public void Information_of_the_app_s_categories_is_exported_and_the_Azure_SDK_s_only_from_Warning()
    {
        var exported = ExportedLogs(new Dictionary<string, string?>(), logs =>
        {
            foreach (var category in new[] { typeof(CallbackReceiver).FullName!, typeof(Callbacks.JetPayCallbackFunction).FullName!, "Function.JetPayCallback.User", "Azure.Core", "Azure.Identity", "System.Net.Http.HttpClient.PaymentPageClient.LogicalHandler" })
            {
                var logger = logs.CreateLogger(category);
                logger.LogDebug("debug from {Category}", category);
                logger.LogInformation("information from {Category}", category);
                logger.LogWarning("warning from {Category}", category);
            }
        });

        Assert.Equal(
            [
                "information from JetPay.Payments.Callbacks.CallbackReceiver", "warning from JetPay.Payments.Callbacks.CallbackReceiver",
                "information from JetPayFunctions.Callbacks.JetPayCallbackFunction", "warning from JetPayFunctions.Callbacks.JetPayCallbackFunction",
                "information from Function.JetPayCallback.User", "warning from Function.JetPayCallback.User",
                "warning from Azure.Core",
                "warning from Azure.Identity",
                "warning from System.Net.Http.HttpClient.PaymentPageClient.LogicalHandler",
            ],
            exported);
    }

    [Fact]
    public void An_app_setting_turns_the_Azure_SDK_logs_up()
    {
        var exported = ExportedLogs(new Dictionary<string, string?> { ["Logging:LogLevel:Azure"] = "Information" }, logs =>
            logs.CreateLogger("Azure.Core").LogInformation("Request [1] GET https://account.table.core.windows.net/Payments"));

        Assert.Equal(["Request [1] GET https://account.table.core.windows.net/Payments"], exported);
    }

    [Fact]
    public async Task An_outgoing_call_is_traced_without_the_values_of_its_query()
    {
        await using var server = LoopbackServer.Create();
        server.MapGet("/payment/generate-qr", () => Results.Bytes([1, 2, 3], "image/png"));
        await server.StartAsync();
        var baseUri = server.BaseAddress();
        var spans = new List<Activity>();
        var generateQr = new Uri(baseUri, "/payment/generate-qr?customer_email=johndoe%40example.com&customer_first_name=John&signature=abc%3D%3D");
        string? url = null;
        using (var host = BuildHost(new Dictionary<string, string?>(), services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))))
        {
            var tracing = host.Services.GetRequiredService<TracerProvider>(); // the host would create it on start
            using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

            // The "System.Net.Http" source is process-wide: calls of tests running beside this one may be exported
            // too, so the span is picked by its path; asked a few times in case one is not recorded under that load.
            for (var attempt = 0; attempt < 5 && url is null; attempt++)
            {
                using var response = await client.GetAsync(generateQr);
                response.EnsureSuccessStatusCode();
                tracing.ForceFlush();
                url = spans.ToArray()
                    .Where(span => span.Kind == ActivityKind.Client)
                    .Select(span => (string?)span.GetTagItem("url.full"))
                    .FirstOrDefault(full => full?.StartsWith(new Uri(baseUri, "/payment/generate-qr?").ToString(), StringComparison.Ordinal) == true);
            }
        }

        Assert.NotNull(url);
        Assert.DoesNotContain("johndoe", url, StringComparison.Ordinal);
        Assert.DoesNotContain("John", url, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_connection_string_nothing_is_collected()
    {
        using var host = Build(new Dictionary<string, string?> { [AppTelemetry.ConnectionStringSetting] = null }, _ => { });

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<LoggerProvider>());
    }

    private static List<string> ExportedLogs(Dictionary<string, string?> settings, Action<ILoggerFactory> write)
    {
        var records = new List<LogRecord>();
        using (var host = BuildHost(settings, services => services.ConfigureOpenTelemetryLoggerProvider(l => l.AddInMemoryExporter(records))))
        {
            write(host.Services.GetRequiredService<ILoggerFactory>());
            host.Services.GetRequiredService<LoggerProvider>().ForceFlush();
        }

        return records.Select(r => r.FormattedMessage ?? r.Body ?? string.Empty).ToList();
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection> observe)
    {
        settings.TryAdd(AppTelemetry.ConnectionStringSetting, ConnectionString);
        return Build(settings, observe);
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection> observe)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["JetPay:BaseUrl"] = "http://127.0.0.1:9/",
            ["JetPay:ProjectId"] = "123",
            ["JetPay:SecretKey"] = "secret",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureJetPayFunctionsApp();
        observe(builder.Services);
        return builder.Build();
    }
}
