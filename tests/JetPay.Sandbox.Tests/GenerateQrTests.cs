using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JetPay.PaymentPage;
using JetPay.Testing;

namespace JetPay.Sandbox.Tests;

/// <summary><c>GET /payment/generate-qr</c> checks what JetPay checks and answers with a real QR code.</summary>
public sealed class GenerateQrTests : IAsyncLifetime
{
    private LoopbackCallbackReceiver _receiver = null!;
    private SandboxUnderTest _sandbox = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackCallbackReceiver.StartAsync();
        _sandbox = await SandboxUnderTest.StartAsync(_receiver.Url);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task The_apps_own_client_gets_a_png_whose_qr_code_opens_the_checkout_page_of_the_payment()
    {
        var image = await _sandbox.PaymentPageClient().GenerateQrAsync(SandboxUnderTest.Purchase("order/1"));

        var text = QrCodes.Decode(image.Png.ToArray());

        Assert.Equal(new Uri(_sandbox.BaseUri, $"/checkout/{SandboxUnderTest.ProjectId}/order%2F1").AbsoluteUri, text);
    }

    [Fact]
    public async Task The_qr_code_holds_the_public_base_url_when_one_is_set_so_that_a_phone_on_the_lan_can_open_it()
    {
        await using var sandbox = await SandboxUnderTest.StartAsync(_receiver.Url, new Dictionary<string, string> { ["Sandbox:PublicBaseUrl"] = "http://192.0.2.10:7081" });

        var image = await sandbox.PaymentPageClient().GenerateQrAsync(SandboxUnderTest.Purchase("lan-1"));

        Assert.Equal($"http://192.0.2.10:7081/checkout/{SandboxUnderTest.ProjectId}/lan-1", QrCodes.Decode(image.Png.ToArray()));
    }

    [Fact]
    public async Task A_request_signed_with_another_secret_is_refused_with_400_invalid_signature()
    {
        using var response = await _sandbox.GenerateQrAsync(Parameters("p-1"), secretKey: "someone-elses-secret");

        await AssertErrorAsync(response, "invalid_signature");
    }

    [Fact]
    public async Task The_apps_client_with_the_wrong_secret_gets_an_upstream_error_and_no_image()
    {
        var error = await Assert.ThrowsAsync<PaymentPageException>(() => _sandbox.PaymentPageClient("wrong-secret").GenerateQrAsync(SandboxUnderTest.Purchase("p-2")));

        Assert.Equal(PaymentPageErrorKind.UpstreamError, error.Kind);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData(PaymentPageParameters.ProjectId)]
    [InlineData(PaymentPageParameters.PaymentId)]
    [InlineData(PaymentPageParameters.PaymentCurrency)]
    [InlineData(PaymentPageParameters.PaymentAmount)]
    [InlineData(PaymentPageParameters.CustomerId)]
    [InlineData(PaymentPageParameters.CustomerFirstName)]
    [InlineData(PaymentPageParameters.CustomerLastName)]
    [InlineData(PaymentPageParameters.CustomerEmail)]
    public async Task A_request_without_a_strictly_required_parameter_is_refused_naming_it_even_when_correctly_signed(string missing)
    {
        using var response = await _sandbox.GenerateQrAsync(Parameters("p-3").Where(p => p.Key != missing));

        var error = await AssertErrorAsync(response, "missing_parameter");
        Assert.Contains(missing, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_a_signature_is_refused()
    {
        using var response = await _sandbox.Client.GetAsync("/payment/generate-qr?" + string.Join('&', Parameters("p-4").Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));

        await AssertErrorAsync(response, "missing_parameter");
    }

    [Fact]
    public async Task A_request_for_another_project_is_refused()
    {
        using var response = await _sandbox.GenerateQrAsync(Parameters("p-5", projectId: "999"));

        await AssertErrorAsync(response, "unknown_project");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-100")]
    [InlineData("100.50")]
    [InlineData("1e3")]
    [InlineData("ten")]
    public async Task The_amount_must_be_a_positive_integer_in_minor_units(string amount)
    {
        using var response = await _sandbox.GenerateQrAsync(Parameters("p-6", amount: amount));

        await AssertErrorAsync(response, "invalid_amount");
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("kzt")]
    public async Task The_currency_must_be_a_known_iso_4217_code(string currency)
    {
        using var response = await _sandbox.GenerateQrAsync(Parameters("p-7", currency: currency));

        await AssertErrorAsync(response, "unknown_currency");
    }

    [Fact]
    public async Task No_value_may_contain_the_protocols_separator()
    {
        using var response = await _sandbox.GenerateQrAsync(Parameters("p-8").Select(p => p.Key == PaymentPageParameters.CustomerLastName ? KeyValuePair.Create(p.Key, "Doe;Smith") : p));

        var error = await AssertErrorAsync(response, "invalid_parameter");
        Assert.Contains(PaymentPageParameters.CustomerLastName, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_payment_id_with_another_order_is_refused_and_with_the_same_order_gets_its_qr_code_again()
    {
        await _sandbox.IssueAsync("p-9");

        using var again = await _sandbox.GenerateQrAsync(Parameters("p-9"));
        using var other = await _sandbox.GenerateQrAsync(Parameters("p-9", amount: "1"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertErrorAsync(other, "duplicate_payment_id");
    }

    /// <summary>The parameters of <see cref="SandboxUnderTest.Purchase"/>, with one changed where asked.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Parameters(string paymentId, string? projectId = null, string? amount = null, string? currency = null) =>
        SandboxUnderTest.Purchase(paymentId).ToParameters().Select(p => p.Key switch
        {
            PaymentPageParameters.ProjectId when projectId is not null => KeyValuePair.Create(p.Key, projectId),
            PaymentPageParameters.PaymentAmount when amount is not null => KeyValuePair.Create(p.Key, amount),
            PaymentPageParameters.PaymentCurrency when currency is not null => KeyValuePair.Create(p.Key, currency),
            _ => p,
        });

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error;
    }
}
