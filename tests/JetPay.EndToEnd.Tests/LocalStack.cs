using System.Globalization;
using JetPay.Sandbox;
using JetPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace JetPay.EndToEnd.Tests;

/// <summary>
/// The local stack as <c>npm start</c> wires it, on ports the OS picks: Azurite, maildev and the demo page's server
/// (node, from the repository), the webhook inbox (node, as the merchant's endpoint), the sandbox (on Kestrel, in this process), the app under <c>func start</c>, and headless Chromium.
/// </summary>
public sealed class LocalStack : IAsyncLifetime
{
    public const long ProjectId = 123;
    private const string SecretKey = "e2e-secret-shared-by-app-and-sandbox";

    /// <summary>A system Chromium (Debian's package), or <c>CHROMIUM_PATH</c>; the tests never download a browser of their own.</summary>
    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Without these Chromium reaches out to the network on its own.</summary>
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly List<IAsyncDisposable> _running = [];
    private IPlaywright? _playwright;

    public string DemoUrl { get; private set; } = null!;

    public string SandboxUrl { get; private set; } = null!;

    public string AppUrl { get; private set; } = null!;

    public string MailUrl { get; private set; } = null!;

    /// <summary>The webhook inbox the app posts its webhooks to.</summary>
    public WebhookInbox WebhookInbox { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots of each step go: <c>artifacts/e2e/</c>.</summary>
    public string ArtifactsDirectory { get; } = RepositoryRoot.Combine("artifacts", "e2e");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync(); // what did start must not outlive the failed run
            throw;
        }
    }

    private async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH.");
        }

        Directory.CreateDirectory(ArtifactsDirectory);
        foreach (var stale in Directory.EnumerateFiles(ArtifactsDirectory))
        {
            File.Delete(stale);
        }

        var appPort = FreePorts.Next();
        AppUrl = $"http://127.0.0.1:{appPort}";

        var azuriteTask = AzuriteServer.StartAsync();
        var (smtpPort, mailWebPort) = (FreePorts.Next(), FreePorts.Next());
        var maildev = Track(NodeProcess.Start(
            "node_modules/maildev/dist/bin/maildev.js",
            "--smtp", Text(smtpPort), "--ip", "127.0.0.1", "--web", Text(mailWebPort), "--web-ip", "127.0.0.1"));
        MailUrl = $"http://127.0.0.1:{mailWebPort}";
        WebhookInbox = Track(await WebhookInbox.StartAsync());
        var demo = Track(NodeProcess.Start(
            "scripts/demo-server.mjs", "--port", "0", "--api", AppUrl + "/api", "--mail-inbox", MailUrl, "--webhook-inbox", WebhookInbox.Url));

        var sandbox = SandboxApp.Build(
            [
                "--urls=http://127.0.0.1:0", $"--Sandbox:ProjectId={ProjectId}", $"--Sandbox:SecretKey={SecretKey}",
                $"--Sandbox:CallbackUrl={AppUrl}/api/jetpay/callback", "--Sandbox:RetryScale=0.01",
            ],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await sandbox.StartAsync();
        Track(new Started(sandbox));
        SandboxUrl = sandbox.BaseAddress().GetLeftPart(UriPartial.Authority);

        DemoUrl = await demo.WaitForListeningUrlAsync(TimeSpan.FromSeconds(30));
        var azurite = await azuriteTask;
        Track(azurite);
        await WaitUntilAnswersAsync($"{MailUrl}/api/healthz", maildev);

        var app = Track(new FunctionsHost(
            new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["JetPay__BaseUrl"] = SandboxUrl,
                ["JetPay__ProjectId"] = Text(ProjectId),
                ["JetPay__SecretKey"] = SecretKey,
                ["Notifications__Smtp__Host"] = "127.0.0.1",
                ["Notifications__Smtp__Port"] = Text(smtpPort),
                ["Notifications__Smtp__From"] = "JetPay Demo Shop <payments@shop.example>",
                ["Notifications__Webhook__Url"] = WebhookInbox.WebhookUrl,
                ["Notifications__Webhook__Secret"] = WebhookInbox.Secret,
            },
            new FunctionsHostOptions { Port = appPort, Cors = DemoUrl }));
        await app.StartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumFlags });
    }

    /// <summary>Stops everything, in reverse order, each even when another fails, so that no process outlives the run.</summary>
    public async Task DisposeAsync()
    {
        var failures = new List<Exception>();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            try
            {
                await _running[i].DisposeAsync();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("The local stack did not stop cleanly.", failures);
        }
    }

    /// <summary>A full-page screenshot of a step, saved as <c>artifacts/e2e/{name}.png</c>.</summary>
    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

    private T Track<T>(T running)
        where T : IAsyncDisposable
    {
        _running.Add(running);
        return running;
    }

    private static string Text(long number) => number.ToString(CultureInfo.InvariantCulture);

    private static async Task WaitUntilAnswersAsync(string url, NodeProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not yet
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{url} did not answer:\n{process.Output}");
    }

    /// <summary>A started web app: stopped gracefully, then disposed.</summary>
    private sealed class Started(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
