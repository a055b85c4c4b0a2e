using System.Globalization;
using System.Text.Json;
using JetPay.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Sandbox.Tests;

/// <summary>Wrong settings stop the sandbox at start-up, naming each one.</summary>
public class SandboxSettingsTests
{
    [Fact]
    public async Task Wrong_settings_stop_start_up_with_a_message_naming_each_setting()
    {
        await using var app = SandboxApp.Build(
            ["--urls=http://127.0.0.1:0", "--Sandbox:CallbackUrl=/relative", "--Sandbox:RetryScale=-1", "--Sandbox:SecretKey="],
            builder => builder.Logging.ClearProviders());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Sandbox__CallbackUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sandbox__RetryScale", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sandbox__SecretKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_match_the_example_local_settings_so_that_app_and_sandbox_work_together_unset()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values");
        var defaults = new SandboxOptions();

        Assert.Equal(values.GetProperty("JetPay__ProjectId").GetString(), defaults.ProjectId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(values.GetProperty("JetPay__SecretKey").GetString(), defaults.SecretKey);
        Assert.Equal(SandboxOptions.DefaultUrl, values.GetProperty("JetPay__BaseUrl").GetString());
        Assert.Equal("http://127.0.0.1:7071/api/jetpay/callback", defaults.CallbackUrl.AbsoluteUri);
        Assert.Empty(defaults.Validate());
    }
}
