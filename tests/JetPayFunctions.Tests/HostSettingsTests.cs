using System.Text.Json;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

/// <summary>The repository's <c>host.json</c>, as the Functions host read and applied it.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostSettingsTests(ApiFixture api)
{
    [Fact]
    public void The_queue_trigger_runs_with_the_queue_settings_of_host_json()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("host.json")));
        var declared = hostJson.RootElement.GetProperty("extensions").GetProperty("queues");

        var applied = HostOptionsLog.Read(api.App.LogLines(), "QueuesOptions");

        Assert.Equal(declared.GetProperty("batchSize").GetInt32(), (int)applied["BatchSize"]!);
        Assert.Equal(declared.GetProperty("newBatchThreshold").GetInt32(), (int)applied["NewBatchThreshold"]!);
        Assert.Equal(declared.GetProperty("maxDequeueCount").GetInt32(), (int)applied["MaxDequeueCount"]!);
        Assert.Equal(declared.GetProperty("visibilityTimeout").GetString(), (string?)applied["VisibilityTimeout"]);
        Assert.Equal(declared.GetProperty("maxPollingInterval").GetString(), (string?)applied["MaxPollingInterval"]);
        Assert.Equal("Base64", (string?)applied["MessageEncoding"], ignoreCase: true);
        Assert.Equal(5, (int)applied["MaxDequeueCount"]!); // the poison queue promise of the README
    }

    [Fact]
    public void The_app_s_routes_are_under_the_route_prefix_of_host_json()
    {
        var lines = api.App.LogLines();

        Assert.Contains(lines, l => l.Contains("Mapped function route 'api/payments/qr' [post] to 'CreateQrPayment'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Mapped function route 'api/jetpay/callback' [post] to 'JetPayCallback'", StringComparison.Ordinal));
    }
}
