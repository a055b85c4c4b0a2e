using JetPayFunctions;
using JetPayFunctions.Telemetry;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

// Only where telemetry has somewhere to go: without a connection string (local runs, tests) the SDK would still
// collect a dependency record, stack traces included, for every storage call, and throw it away.
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services
        .AddApplicationInsightsTelemetryWorkerService()
        .ConfigureFunctionsApplicationInsights()
        .AddSingleton<ITelemetryInitializer, QueryStringRedaction>();
}

builder.Services.AddJetPayFunctionsApp(builder.Configuration);

builder.Build().Run();
