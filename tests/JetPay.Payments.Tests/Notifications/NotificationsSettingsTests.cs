using JetPay.Payments.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Tests.Notifications;

public class NotificationsSettingsTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static readonly Dictionary<string, string?> Required = new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["JetPay:ProjectId"] = "123",
        ["JetPay:SecretKey"] = "secret",
    };

    private static readonly Dictionary<string, string?> BothChannels = new(Required)
    {
        ["Notifications:Smtp:Host"] = "smtp.example.com",
        ["Notifications:Smtp:From"] = "Shop <payments@shop.example>",
        ["Notifications:Webhook:Url"] = "https://shop.example/hooks/jetpay",
        ["Notifications:Webhook:Secret"] = Secret,
    };

    private static async Task<(NotificationsOptions? Options, Exception? Error)> StartAsync(Dictionary<string, string?> settings)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddJetPayPayments(builder.Configuration);
            using var host = builder.Build();
            await host.StartAsync();
            var options = host.Services.GetRequiredService<IOptions<NotificationsOptions>>().Value;
            await host.StopAsync();
            return (options, null);
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or AggregateException)
        {
            return (null, ex);
        }
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings, string key, string? value) => new(settings) { [key] = value };

    [Fact]
    public async Task Without_notification_settings_the_app_starts_with_both_channels_off()
    {
        var (options, error) = await StartAsync(Required);

        Assert.Null(error);
        Assert.False(options!.Smtp.IsEnabled);
        Assert.False(options.Webhook.IsEnabled);
    }

    [Fact]
    public async Task An_empty_host_url_or_secret_as_in_the_example_local_settings_leaves_the_channels_off()
    {
        var settings = new Dictionary<string, string?>(Required)
        {
            ["Notifications:Smtp:Host"] = "",
            ["Notifications:Webhook:Url"] = "",
            ["Notifications:Webhook:Secret"] = "",
        };

        var (options, error) = await StartAsync(settings);

        Assert.Null(error);
        Assert.False(options!.Smtp.IsEnabled);
        Assert.False(options.Webhook.IsEnabled);
    }

    [Fact]
    public async Task Complete_channels_start_with_the_defaults_for_what_is_left_out()
    {
        var (options, error) = await StartAsync(BothChannels);

        Assert.Null(error);
        Assert.True(options!.Smtp.IsEnabled);
        Assert.True(options.Webhook.IsEnabled);
        Assert.Equal((587, SmtpTls.Auto, 4, TimeSpan.FromSeconds(30)), (options.Smtp.Port, options.Smtp.UseTls, options.Smtp.MaxConnections, options.DeliveryLeaseTime));
    }

    [Theory]
    [InlineData("Required", SmtpTls.Required)]
    [InlineData("StartTls", SmtpTls.StartTls)]
    [InlineData("sslonconnect", SmtpTls.SslOnConnect)]
    [InlineData("None", SmtpTls.None)]
    public async Task UseTls_takes_a_mode_by_name_in_any_case(string value, SmtpTls mode)
    {
        var (options, error) = await StartAsync(With(BothChannels, "Notifications:Smtp:UseTls", value));

        Assert.Null(error);
        Assert.Equal(mode, options!.Smtp.UseTls);
    }

    [Theory]
    [InlineData("Notifications:Smtp:From", null, "Notifications__Smtp__From")]
    [InlineData("Notifications:Smtp:From", "", "Notifications__Smtp__From")]
    [InlineData("Notifications:Smtp:From", "not an address", "Notifications__Smtp__From")]
    [InlineData("Notifications:Smtp:Host", "bad host name!", "Notifications__Smtp__Host")]
    [InlineData("Notifications:Smtp:Port", "70000", "Notifications__Smtp__Port")]
    [InlineData("Notifications:Smtp:UserName", "mailer", "Notifications__Smtp__Password")]
    [InlineData("Notifications:Smtp:Password", "p@ss", "Notifications__Smtp__UserName")]
    [InlineData("Notifications:Smtp:MaxConnections", "0", "Notifications__Smtp__MaxConnections")]
    [InlineData("Notifications:Smtp:MaxConnections", "51", "Notifications__Smtp__MaxConnections")]
    [InlineData("Notifications:Smtp:UseTls", "maybe", "Notifications:Smtp:UseTls")]
    [InlineData("Notifications:Smtp:UseTls", "true", "Notifications:Smtp:UseTls")]
    [InlineData("Notifications:Webhook:Secret", null, "Notifications__Webhook__Secret")]
    [InlineData("Notifications:Webhook:Secret", "", "Notifications__Webhook__Secret")]
    [InlineData("Notifications:Webhook:Secret", "whsec_c2hvcnQ=", "Notifications__Webhook__Secret")]
    [InlineData("Notifications:Webhook:Url", "ftp://shop.example/hooks", "Notifications__Webhook__Url")]
    [InlineData("Notifications:DeliveryLeaseTime", "00:00:00", "Notifications__DeliveryLeaseTime")]
    [InlineData("Notifications:Retries", "11", "Notifications__Retries")]
    public async Task An_incomplete_or_invalid_channel_stops_startup_naming_the_setting(string key, string? value, string named)
    {
        var (_, error) = await StartAsync(With(BothChannels, key, value));

        Assert.NotNull(error);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_appears_in_a_validation_message()
    {
        var settings = With(BothChannels, "Notifications:Smtp:UserName", "mailer");
        settings["Notifications:Smtp:From"] = "";
        settings["Notifications:Webhook:Secret"] = "whsec_c2hvcnQ=";

        var (_, error) = await StartAsync(settings);

        Assert.NotNull(error);
        Assert.DoesNotContain("c2hvcnQ", error.Message, StringComparison.Ordinal);
    }
}
