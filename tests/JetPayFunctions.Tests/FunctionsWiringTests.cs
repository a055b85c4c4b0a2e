using System.Text.Json;
using JetPay.Testing;
using JetPayFunctions.Callbacks;
using JetPayFunctions.LocalHost;
using JetPayFunctions.Notifications;
using JetPayFunctions.Payments;
using Microsoft.Extensions.Configuration;

namespace JetPayFunctions.Tests;

/// <summary>The Functions wiring as the Worker SDK wrote it into functions.metadata at build time.</summary>
public class FunctionsWiringTests
{
    private static readonly Lazy<JsonElement[]> Metadata = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), "functions.metadata was not written by the build");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    });

    public static TheoryData<string, string, string, string> HttpContract => new()
    {
        { CreateQrPaymentFunction.Name, "payments/qr", "post", "Function" },
        { GetPaymentFunction.Name, "payments/{paymentId}", "get", "Function" },
        { JetPayCallbackFunction.Name, "jetpay/callback", "post", "Anonymous" },
    };

    [Theory]
    [MemberData(nameof(HttpContract))]
    public void Each_http_function_has_the_contracted_route_method_and_authorization_level(string name, string route, string method, string authLevel)
    {
        var trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
    }

    [Fact]
    public void The_local_host_serves_exactly_the_http_functions_of_the_metadata_on_the_same_routes()
    {
        var fromMetadata = Metadata.Value
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString() == "In")))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .Select(f => $"{f.Name} {string.Join(',', f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()))} {f.Trigger.GetProperty("route").GetString()}")
            .Order(StringComparer.Ordinal);

        var fromLocalHost = HttpFunction.Discover(typeof(CreateQrPaymentFunction).Assembly)
            .Select(f => $"{f.Name} {string.Join(',', f.HttpMethods)} {f.Route}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(fromMetadata, fromLocalHost);
    }

    [Fact]
    public void The_notification_function_is_triggered_by_the_payment_notifications_queue_on_the_app_s_storage_connection()
    {
        var trigger = Trigger(SendPaymentNotificationFunction.Name);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("payment-notifications", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("String", trigger.GetProperty("dataType").GetString());
    }

    [Fact]
    public void The_local_host_listens_on_exactly_the_queues_of_the_metadata_with_the_same_connections()
    {
        var fromMetadata = Metadata.Value
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString() == "In")))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "queueTrigger")
            .Select(f => $"{f.Name} {f.Trigger.GetProperty("queueName").GetString()} {f.Trigger.GetProperty("connection").GetString()}")
            .Order(StringComparer.Ordinal);

        var fromLocalHost = QueueFunction.Discover(typeof(CreateQrPaymentFunction).Assembly)
            .Select(f => $"{f.Name} {f.QueueName} {f.Connection}")
            .Order(StringComparer.Ordinal);

        Assert.NotEmpty(fromMetadata);
        Assert.Equal(fromMetadata, fromLocalHost);
    }

    [Fact]
    public void The_local_host_runs_queues_with_the_repository_s_host_json()
    {
        var deployed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json"));
        Assert.Equal(File.ReadAllText(RepositoryRoot.Combine("host.json")), deployed);
        using var hostJson = JsonDocument.Parse(deployed);
        var queues = hostJson.RootElement.GetProperty("extensions").GetProperty("queues");

        var options = QueuesHostOptions.Read(Path.Combine(AppContext.BaseDirectory, "host.json"), new ConfigurationBuilder().Build());

        Assert.Equal(queues.GetProperty("maxDequeueCount").GetInt32(), options.MaxDequeueCount);
        Assert.Equal(TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), options.VisibilityTimeout);
        Assert.Equal(TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture), options.MaxPollingInterval);
        Assert.Equal(queues.GetProperty("batchSize").GetInt32(), options.BatchSize);
        Assert.True(options.UsesBase64);
        Assert.Equal(TimeSpan.Parse(hostJson.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), options.FunctionTimeout);
        Assert.True(options.MaxPollingInterval <= TimeSpan.FromSeconds(1), "the notification queue is to be polled at least once a second");
        Assert.Equal(5, options.MaxDequeueCount);
    }

    [Fact]
    public void App_settings_override_host_json_as_on_the_functions_host()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
            ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2",
            ["AzureFunctionsJobHost:functionTimeout"] = "00:00:30",
        }).Build();

        var options = QueuesHostOptions.Read(Path.Combine(AppContext.BaseDirectory, "host.json"), settings);

        Assert.Equal((TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30)), (options.VisibilityTimeout, options.MaxDequeueCount, options.FunctionTimeout));
        var fromFile = QueuesHostOptions.Read(Path.Combine(AppContext.BaseDirectory, "host.json"), new ConfigurationBuilder().Build());
        Assert.Equal(fromFile.BatchSize, options.BatchSize); // what the settings leave alone still comes from host.json
    }

    [Fact]
    public void Every_function_runs_in_the_isolated_worker_assembly()
    {
        Assert.All(Metadata.Value, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("JetPayFunctions.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    private static JsonElement Trigger(string functionName)
    {
        var function = Assert.Single(Metadata.Value, f => f.GetProperty("name").GetString() == functionName);
        return function.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString() == "In");
    }
}
