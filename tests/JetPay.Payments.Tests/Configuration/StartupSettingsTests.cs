using JetPay.PaymentPage;
using JetPay.Payments.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Tests.Configuration;

public class StartupSettingsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["JetPay:ProjectId"] = "123",
        ["JetPay:SecretKey"] = "secret",
    };

    private static async Task<Exception?> StartAsync(Dictionary<string, string?> settings, TimeSpan? jetPayTotalTimeout = null)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddJetPayPayments(builder.Configuration);
            if (jetPayTotalTimeout is { } timeout)
            {
                builder.Services.Configure<PaymentPageClientOptions>(o => (o.Timeout, o.TotalTimeout) = (timeout / 2, timeout));
            }

            using var host = builder.Build();
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or AggregateException)
        {
            return ex;
        }
    }

    private static Dictionary<string, string?> With(string key, string? value) => new(Valid) { [key] = value };

    [Fact]
    public async Task Valid_settings_start()
    {
        Assert.Null(await StartAsync(Valid));
    }

    [Theory]
    [InlineData("KeyVault:Uri")]
    [InlineData("JetPay:PreviousSecretKey")]
    public async Task An_optional_setting_left_empty_counts_as_unset(string key)
    {
        Assert.Null(await StartAsync(With(key, "")));
    }

    [Theory]
    [InlineData("JetPay:ProjectId", null, "JetPay__ProjectId")]
    [InlineData("JetPay:ProjectId", "0", "JetPay__ProjectId")]
    [InlineData("JetPay:SecretKey", null, "JetPay__SecretKey")]
    [InlineData("JetPay:BaseUrl", "ftp://jetpay.example", "JetPay__BaseUrl")]
    [InlineData("Payments:QrCodeUrlLifetime", "6.00:00:01", "Payments__QrCodeUrlLifetime")]
    [InlineData("Payments:CreationLeaseTime", "00:00:59", "Payments__CreationLeaseTime")]
    [InlineData("AzureWebJobsStorage", null, "AzureWebJobsStorage")]
    [InlineData("KeyVault:Uri", "http://vault.example", "KeyVault__Uri")]
    public async Task A_missing_or_invalid_setting_stops_startup_naming_it(string key, string? value, string named)
    {
        var error = await StartAsync(With(key, value));

        Assert.NotNull(error);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:35", true)]
    [InlineData("00:00:34", false)]
    public async Task The_creation_lease_must_outlast_the_jetpay_clients_total_time_out_and_the_writes_after_it(string lease, bool starts)
    {
        var error = await StartAsync(With("Payments:CreationLeaseTime", lease), jetPayTotalTimeout: TimeSpan.FromSeconds(5));

        Assert.Equal(starts, error is null);
    }

    [Fact]
    public void With_a_key_vault_the_secret_comes_from_the_vault_and_no_secret_setting_is_needed()
    {
        var settings = With("JetPay:SecretKey", null);
        settings["KeyVault:Uri"] = "https://shop-vault.vault.azure.net/";
        var services = new ServiceCollection().AddLogging();
        services.AddJetPayPayments(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<KeyVaultSecretKeyProvider>(provider.GetRequiredService<ISecretKeyProvider>());
    }

    [Fact]
    public async Task Without_a_key_vault_the_secrets_come_from_the_settings()
    {
        var settings = With("JetPay:PreviousSecretKey", "old");
        var services = new ServiceCollection().AddLogging();
        services.AddJetPayPayments(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();

        var keys = await provider.GetRequiredService<ISecretKeyProvider>().GetSecretKeysAsync(CancellationToken.None);

        Assert.Equal(("secret", "old"), (keys.Current, keys.Previous));
    }
}
