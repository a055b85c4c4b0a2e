using JetPay.Testing;

namespace JetPay.Payments.Tests.Notifications;

/// <summary>One MailDev for a test class.</summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    public MailDevServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await MailDevServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
