using JetPay.PaymentPage;
using JetPay.Testing;
using JetPayFunctions.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JetPayFunctions.Tests;

/// <summary>The local host, started for real on a loopback port, wired to Azurite and its own loopback JetPay.</summary>
public sealed class LocalHostUnderTest : IAsyncDisposable
{
    public const long ProjectId = 123;
    public const string SecretKey = "project-secret-that-must-never-leak";

    private readonly WebApplication _app;

    private LocalHostUnderTest(WebApplication app, HttpClient client, LoopbackPaymentPage jetPay)
    {
        _app = app;
        Client = client;
        JetPay = jetPay;
    }

    public HttpClient Client { get; }

    /// <summary>The JetPay stand-in this app talks to.</summary>
    public LoopbackPaymentPage JetPay { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every log record of the app, as written.</summary>
    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    /// <summary>Every log line the app wrote, with its scopes and exception, as text.</summary>
    public IReadOnlyList<string> LogLines() =>
        Logs.GetSnapshot()
            .Select(r => $"{r.Level} {r.Category}: {r.Message} {string.Join(' ', r.Scopes.Select(Describe))} {r.Exception}")
            .ToList();

    private static string? Describe(object? scope) => scope is IEnumerable<KeyValuePair<string, object?>> pairs
        ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
        : scope?.ToString();

    public static async Task<LocalHostUnderTest> StartAsync(
        string storageConnectionString,
        IDictionary<string, string>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var jetPay = await LoopbackPaymentPage.StartAsync(SecretKey).ConfigureAwait(false);
        var paymentPageUri = jetPay.BaseUri;
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["JetPay:BaseUrl"] = paymentPageUri.ToString(),
            ["JetPay:ProjectId"] = ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["JetPay:SecretKey"] = SecretKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var app = LocalHostApp.Build(
            all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray(),
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Logging.AddFakeLogging();
                builder.Services.Configure<PaymentPageClientOptions>(o =>
                {
                    o.Timeout = TimeSpan.FromSeconds(1);
                    o.TotalTimeout = TimeSpan.FromSeconds(3);
                });
                configure?.Invoke(builder);
            },
            readLocalSettingsFile: false);
        await app.StartAsync().ConfigureAwait(false);
        return new LocalHostUnderTest(app, new HttpClient { BaseAddress = app.BaseAddress() }, jetPay);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await JetPay.DisposeAsync().ConfigureAwait(false);
    }
}
