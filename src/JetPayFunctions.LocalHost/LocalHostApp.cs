using JetPayFunctions.Payments;
using Microsoft.Extensions.Configuration.Memory;

namespace JetPayFunctions.LocalHost;

/// <summary>
/// The local host: the Functions app's function classes and services on plain ASP.NET Core,
/// under the same <c>/api</c> routes, reading the same settings; queue functions listen on their queues with the
/// settings of the same <c>host.json</c>.
/// </summary>
public static class LocalHostApp
{
    /// <param name="args">Command-line arguments: <c>--urls</c>, and any setting as <c>--JetPay:ProjectId=123</c>.</param>
    /// <param name="configure">Last changes before the app is built (tests replace services here).</param>
    /// <param name="readLocalSettingsFile">Whether to read the nearest <c>local.settings.json</c>.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, bool readLocalSettingsFile = true)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Same precedence as Core Tools: local.settings.json lowest, below the environment and the command line.
        if (readLocalSettingsFile && LocalSettingsFile.Find(Directory.GetCurrentDirectory()) is { } localSettings)
        {
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalSettingsFile.Read(localSettings) });
        }

        builder.Services.AddJetPayFunctionsApp(builder.Configuration);
        builder.Services.AddQueueFunctions(typeof(CreateQrPaymentFunction).Assembly, builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.AddHostCors();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseHostCors();
        app.MapHttpFunctions(typeof(CreateQrPaymentFunction).Assembly);
        app.MapGet("/api/openapi.json", () => Results.File(Path.Combine(AppContext.BaseDirectory, "openapi.json"), "application/json"));
        return app;
    }
}
