using JetPayFunctions.Telemetry;
using Microsoft.ApplicationInsights.DataContracts;

namespace JetPayFunctions.Tests;

public class QueryStringRedactionTests
{
    [Fact]
    public void Outgoing_http_telemetry_keeps_the_path_and_drops_the_query_with_the_customer_data_and_signature()
    {
        var call = new DependencyTelemetry
        {
            Type = "Http",
            Name = "GET /payment/generate-qr?customer_email=johndoe%40example.com",
            Data = "https://paymentpage.jetpay.kz/payment/generate-qr?customer_email=johndoe%40example.com&signature=abc%3D%3D",
        };

        new QueryStringRedaction().Initialize(call);

        Assert.Equal("https://paymentpage.jetpay.kz/payment/generate-qr", call.Data);
        Assert.Equal("GET /payment/generate-qr", call.Name);
    }

    [Fact]
    public void Other_dependencies_are_left_alone()
    {
        var query = new DependencyTelemetry { Type = "Azure table", Data = "Payments?$filter=x" };

        new QueryStringRedaction().Initialize(query);

        Assert.Equal("Payments?$filter=x", query.Data);
    }
}
