using System.Net;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

/// <summary><c>func start</c> answers browsers from the origins of <c>Host.CORS</c> in <c>local.settings.json</c> (<see cref="ApiFixture"/> sets them).</summary>
[Collection(ApiCollection.Name)]
public sealed class HostCorsTests(ApiFixture api)
{
    private const string DemoPage = ApiFixture.DemoPage;

    private readonly AppUnderTest _app = api.App;

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_may_post_json_to_create_a_payment()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/payments/qr");
        preflight.Headers.Add("Origin", DemoPage);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await _app.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(DemoPage, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_read_from_an_allowed_origin_carries_the_allow_origin_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/payments/{AppRequests.NewPaymentId()}");
        request.Headers.Add("Origin", DemoPage);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(DemoPage, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/payments/{AppRequests.NewPaymentId()}");
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await _app.Client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
