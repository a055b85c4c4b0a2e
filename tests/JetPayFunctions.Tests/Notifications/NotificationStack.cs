using JetPay.Testing;

namespace JetPayFunctions.Tests.Notifications;

/// <summary>What the notification tests talk to, started once per test class: Azurite, MailDev and a webhook endpoint.</summary>
public sealed class NotificationStack : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _started = [];

    public AzuriteServer Azurite { get; private set; } = null!;

    public MailDevServer MailDev { get; private set; } = null!;

    public WebhookReceiver Webhooks { get; private set; } = null!;

    /// <summary>The app settings that point the app's notifications here: SMTP (to <paramref name="smtpPort"/>, MailDev's by default) and the webhook.</summary>
    public Dictionary<string, string> AppSettings(int? smtpPort = null) => new(StringComparer.Ordinal)
    {
        ["Notifications__Smtp__Host"] = "127.0.0.1",
        ["Notifications__Smtp__Port"] = (smtpPort ?? MailDev.SmtpPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications__Smtp__From"] = "JetPay Test Shop <payments@shop.example>",
        ["Notifications__Smtp__UseTls"] = "None",
        ["Notifications__Webhook__Url"] = Webhooks.Url.ToString(),
        ["Notifications__Webhook__Secret"] = WebhookReceiver.Secret,
    };

    public async Task InitializeAsync()
    {
        var azurite = Track(AzuriteServer.StartAsync());
        var mailDev = Track(MailDevServer.StartAsync());
        var webhooks = Track(WebhookReceiver.StartAsync());
        try
        {
            (Azurite, MailDev, Webhooks) = (await azurite, await mailDev, await webhooks);
        }
        catch
        {
            await Task.WhenAll(azurite, mailDev, webhooks).ContinueWith(_ => { }, TaskScheduler.Default); // let the others finish starting
            await DisposeAsync(); // so that none outlives the failed fixture
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _started)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<T> Track<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var server = await starting;
        lock (_started)
        {
            _started.Add(server);
        }

        return server;
    }
}
