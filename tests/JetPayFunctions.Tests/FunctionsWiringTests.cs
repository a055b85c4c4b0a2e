using System.Text.Json;
using JetPayFunctions.Callbacks;
using JetPayFunctions.Health;
using JetPayFunctions.Notifications;
using JetPayFunctions.Payments;

namespace JetPayFunctions.Tests;

/// <summary>The Functions wiring as the Worker SDK wrote it into functions.metadata at build time.</summary>
public class FunctionsWiringTests
{
    public static TheoryData<string, string, string, string> HttpContract => new()
    {
        { CreateQrPaymentFunction.Name, "payments/qr", "post", "Function" },
        { GetPaymentFunction.Name, "payments/{paymentId}", "get", "Function" },
        { JetPayCallbackFunction.Name, "jetpay/callback", "post", "Anonymous" },
        { HealthFunction.Name, "health", "get", "Anonymous" },
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
    public void The_notification_function_is_triggered_by_the_payment_notifications_queue_on_the_app_s_storage_connection()
    {
        var trigger = Trigger(SendPaymentNotificationFunction.Name);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("payment-notifications", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Fact]
    public void Every_function_runs_in_the_isolated_worker_assembly()
    {
        Assert.All(FunctionsMetadata.All, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("JetPayFunctions.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    private static JsonElement Trigger(string functionName) =>
        FunctionsMetadata.Trigger(Assert.Single(FunctionsMetadata.All, f => f.GetProperty("name").GetString() == functionName));
}
