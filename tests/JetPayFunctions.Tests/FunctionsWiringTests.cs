using System.Text.Json;
using JetPayFunctions.Callbacks;
using JetPayFunctions.LocalHost;
using JetPayFunctions.Payments;

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
