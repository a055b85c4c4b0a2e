using JetPay.Sandbox.Callbacks;
using JetPay.Sandbox.Checkout;
using JetPay.Sandbox.Control;
using JetPay.Sandbox.GenerateQr;
using JetPay.Sandbox.Payments;
using Microsoft.Extensions.Options;

namespace JetPay.Sandbox;

/// <summary>
/// The JetPay sandbox: <c>generate-qr</c> as the platform answers it, the checkout page its QR codes open, signed
/// callbacks delivered on the platform's retry schedule, and a control API.
/// </summary>
public static class SandboxApp
{
    /// <param name="args">Command-line arguments: <c>--urls</c>, and any setting as <c>--Sandbox:CallbackUrl=…</c>.</param>
    /// <param name="configure">Last changes before the app is built (tests add settings here).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(SandboxOptions.DefaultUrl);
        }

        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidation>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SandboxPayments>();
        builder.Services.AddSingleton<SandboxSwitches>();
        builder.Services.AddSingleton<CallbackFactory>();
        builder.Services.AddSingleton<CallbackDeliveries>();
        builder.Services.AddSingleton<PaymentCompletion>();
        builder.Services.AddSingleton<CallbackDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CallbackDispatcher>());
        builder.Services.AddHttpClient(CallbackDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.WriteIndented = true);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet(GenerateQrEndpoint.Path, GenerateQrEndpoint.Handle);
        app.MapCheckout();
        app.MapControl();
        app.MapGet("/", (SandboxPayments payments, IOptions<SandboxOptions> options) =>
            Results.Content(SandboxHomePage.Render(payments.List(), options.Value), "text/html; charset=utf-8"));
        return app;
    }

    /// <summary>Names each wrong setting at start-up.</summary>
    private sealed class SandboxOptionsValidation : IValidateOptions<SandboxOptions>
    {
        public ValidateOptionsResult Validate(string? name, SandboxOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
