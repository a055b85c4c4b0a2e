using System.Net;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

public sealed class GetPaymentTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private AppUnderTest _app = null!;

    // A QR code URL lives two seconds here, so that one can be seen to expire.
    public async Task InitializeAsync()
    {
        _app = await AppUnderTest.StartAsync(
            azurite.ConnectionString,
            new Dictionary<string, string> { ["Payments__QrCodeUrlLifetime"] = "00:00:02" });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_created_payment_reads_back_as_pending_with_a_fresh_qr_code_url()
    {
        var order = AppRequests.Order();
        using var created = await _app.Client.CreateAsync(order);
        var createdUrl = (await created.ReadJsonAsync()).Text("qrCodeUrl");
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        using var response = await _app.Client.GetAsync($"/api/payments/{order.Text("paymentId")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payment = await response.ReadJsonAsync();
        Assert.Equal("pending", payment.Text("status"));
        Assert.Equal(10000, payment["amount"]!.GetValue<long>());
        Assert.NotNull(payment["createdAt"]);
        Assert.NotNull(payment["updatedAt"]);
        Assert.NotEqual(createdUrl, payment.Text("qrCodeUrl"));
    }

    [Fact]
    public async Task An_unknown_payment_answers_404()
    {
        using var response = await _app.Client.GetAsync($"/api/payments/{AppRequests.NewPaymentId()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_qr_code_url_stops_working_when_it_expires()
    {
        using var created = await _app.Client.CreateAsync(AppRequests.Order());
        var url = new Uri((await created.ReadJsonAsync()).Text("qrCodeUrl"));
        using var anonymous = new HttpClient();
        using (var fresh = await anonymous.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(3.5));

        using var expired = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task A_qr_code_url_grants_reading_one_blob_and_nothing_else()
    {
        using var created = await _app.Client.CreateAsync(AppRequests.Order());
        var url = new Uri((await created.ReadJsonAsync()).Text("qrCodeUrl"));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);

        Assert.Equal("r", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Null(query["st"]);
        using var anonymous = new HttpClient();
        using var upload = await anonymous.PutAsync(url, new ByteArrayContent([1, 2, 3]) { Headers = { { "x-ms-blob-type", "BlockBlob" } } });
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
    }
}
