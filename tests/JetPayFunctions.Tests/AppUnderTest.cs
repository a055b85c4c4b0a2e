using System.Globalization;
using JetPay.Payments;
using JetPay.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JetPayFunctions.Tests;

/// <summary>
/// The Functions app under <c>func start</c> (see <see cref="FunctionsHost"/>), wired to Azurite and its own loopback
/// JetPay, with the payments core on the same storage account beside it for reading what the app stored.
/// </summary>
public sealed class AppUnderTest : IAsyncDisposable
{
    public const long ProjectId = 123;
    public const string SecretKey = "project-secret-that-must-never-leak";

    private readonly ServiceProvider _storage;

    private AppUnderTest(FunctionsHost host, LoopbackPaymentPage jetPay, ServiceProvider storage)
    {
        Host = host;
        JetPay = jetPay;
        _storage = storage;
        Client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public FunctionsHost Host { get; }

    public HttpClient Client { get; }

    /// <summary>The JetPay stand-in this app talks to.</summary>
    public LoopbackPaymentPage JetPay { get; }

    /// <summary>The payments core's services on the app's storage account (ledgers, queue), as an operator would look.</summary>
    public IServiceProvider Storage => _storage;

    /// <summary>Every line the host and the app wrote.</summary>
    public IReadOnlyList<string> LogLines() => Host.Output;

    /// <summary>The app settings every test starts from, as environment variables (<c>JetPay__ProjectId</c>).</summary>
    public static Dictionary<string, string> BaseSettings(string storageConnectionString, Uri jetPay) => new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = storageConnectionString,
        ["JetPay__BaseUrl"] = jetPay.ToString(),
        ["JetPay__ProjectId"] = ProjectId.ToString(CultureInfo.InvariantCulture),
        ["JetPay__SecretKey"] = SecretKey,
    };

    /// <summary>Starts the app with <see cref="BaseSettings"/> and <paramref name="settings"/> (which win).</summary>
    public static async Task<AppUnderTest> StartAsync(string storageConnectionString, IReadOnlyDictionary<string, string>? settings = null, FunctionsHostOptions? options = null)
    {
        var jetPay = await LoopbackPaymentPage.StartAsync(SecretKey).ConfigureAwait(false);
        var all = BaseSettings(storageConnectionString, jetPay.BaseUri);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var host = new FunctionsHost(all, options);
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            await jetPay.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new AppUnderTest(host, jetPay, CoreServices(all));
    }

    /// <summary>The payments core, configured from the same app settings the host got; <paramref name="configure"/> may change it last (a service replaced by a failing one).</summary>
    public static ServiceProvider CoreServices(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging().AddJetPayPayments(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync().ConfigureAwait(false);
        await JetPay.DisposeAsync().ConfigureAwait(false);
        await _storage.DisposeAsync().ConfigureAwait(false);
    }
}
