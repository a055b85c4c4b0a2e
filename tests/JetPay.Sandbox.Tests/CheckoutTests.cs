using System.Net;
using JetPay.PaymentPage;
using JetPay.Testing;

namespace JetPay.Sandbox.Tests;

/// <summary>The checkout page the QR code opens: the order in major units, and Pay, Decline and Leave.</summary>
public sealed class CheckoutTests : IAsyncLifetime
{
    private static readonly SecretKeys Keys = new(SandboxUnderTest.SecretKey);

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
    public async Task The_page_shows_the_amount_in_major_units_the_currency_the_merchant_and_the_three_buttons()
    {
        await _sandbox.IssueAsync("cake-1", amount: 150050);

        var html = await _sandbox.Client.GetStringAsync($"/checkout/{SandboxUnderTest.ProjectId}/cake-1");

        Assert.Contains("1500.50 KZT", html, StringComparison.Ordinal);
        Assert.Contains("Tea &amp; Cakes", html, StringComparison.Ordinal);
        Assert.Contains("Two teas", html, StringComparison.Ordinal);
        Assert.Contains("""value="pay">Pay</button>""", html, StringComparison.Ordinal);
        Assert.Contains("""value="decline">Decline</button>""", html, StringComparison.Ordinal);
        Assert.Contains("""value="leave">Leave</button>""", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_payment_is_a_404_page()
    {
        using var response = await _sandbox.Client.GetAsync($"/checkout/{SandboxUnderTest.ProjectId}/never-issued");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Pay_posts_a_success_callback_in_jetpays_documented_format_that_verifies_with_the_projects_secret()
    {
        await _sandbox.IssueAsync("cake-2");

        using var click = await _sandbox.ClickAsync("cake-2", "pay");
        var received = Assert.Single(await _receiver.WaitForAsync(1));

        Assert.Equal(HttpStatusCode.SeeOther, click.StatusCode);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        var callback = CallbackSignature.VerifyAndParse(received.Body, Keys);
        Assert.Equal(SandboxUnderTest.ProjectId, callback.ProjectId);
        Assert.Equal("cake-2", callback.Payment.Id);
        Assert.Equal("purchase", callback.Payment.Type);
        Assert.Equal(PaymentStatus.Success, callback.Payment.Status);
        Assert.Equal(150000, callback.Payment.Sum!.Amount);
        Assert.Equal("KZT", callback.Payment.Sum.Currency);
        Assert.Equal("Two teas", System.Text.Json.Nodes.JsonNode.Parse(received.Body)!["payment"]!["description"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$", callback.Payment.Date);
        Assert.Equal("customer_7", callback.GetSignedValue("customer:id"));
        Assert.Equal("sale", callback.Operation!.Type);
        Assert.Equal("success", callback.Operation.Status);
        Assert.Equal("0", callback.Operation.Code);
        Assert.Equal("150000", callback.GetSignedValue("operation:sum_initial:amount"));
        Assert.Equal("150000", callback.GetSignedValue("operation:sum_converted:amount"));
        Assert.NotNull(callback.Operation.Id);
        Assert.False(string.IsNullOrEmpty(callback.GetSignedValue("operation:request_id")));
        Assert.NotNull(callback.GetSignedValue("operation:provider:id"));
    }

    [Fact]
    public async Task Decline_posts_a_decline_callback_and_the_page_then_says_so_without_buttons()
    {
        await _sandbox.IssueAsync("cake-3");

        using var click = await _sandbox.ClickAsync("cake-3", "decline");
        var received = Assert.Single(await _receiver.WaitForAsync(1));
        var page = await _sandbox.Client.GetStringAsync(click.Headers.Location);

        Assert.Equal(PaymentStatus.Decline, CallbackSignature.VerifyAndParse(received.Body, Keys).Payment.Status);
        Assert.Contains("Payment decline", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"pay\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leave_sends_no_callback_and_the_payment_stays_open()
    {
        await _sandbox.IssueAsync("cake-4");

        using var click = await _sandbox.ClickAsync("cake-4", "leave");
        var payment = await _sandbox.GetJsonAsync("/sandbox/payments/cake-4");
        var page = await _sandbox.Client.GetStringAsync($"/checkout/{SandboxUnderTest.ProjectId}/cake-4");

        Assert.Equal(HttpStatusCode.SeeOther, click.StatusCode);
        Assert.Equal("awaiting customer", payment.GetProperty("status").GetString());
        Assert.Contains("value=\"pay\"", page, StringComparison.Ordinal);
        Assert.Equal(0, (await _sandbox.GetJsonAsync("/sandbox/deliveries?paymentId=cake-4")).GetArrayLength()); // none queued at all, not just none arrived yet
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task A_second_click_on_a_completed_payment_sends_nothing_more()
    {
        await _sandbox.IssueAsync("cake-5");
        using (await _sandbox.ClickAsync("cake-5", "pay"))
        {
            await _receiver.WaitForAsync(1);
        }

        using var again = await _sandbox.ClickAsync("cake-5", "decline");
        var deliveries = await _sandbox.GetJsonAsync("/sandbox/deliveries?paymentId=cake-5");

        Assert.Equal(1, deliveries.GetArrayLength());
        Assert.Equal("success", (await _sandbox.GetJsonAsync("/sandbox/payments/cake-5")).GetProperty("status").GetString());
    }
}
