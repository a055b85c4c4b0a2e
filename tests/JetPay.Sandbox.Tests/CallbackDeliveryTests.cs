using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JetPay.PaymentPage;
using JetPay.Testing;

namespace JetPay.Sandbox.Tests;

/// <summary>Callbacks are delivered until answered with 200, and the control API bends them on request.</summary>
public sealed class CallbackDeliveryTests : IAsyncDisposable
{
    private static readonly SecretKeys Keys = new(SandboxUnderTest.SecretKey);

    private LoopbackCallbackReceiver? _receiver;
    private SandboxUnderTest? _sandbox;

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_receiver_answering_500_twice_then_200_gets_the_same_callback_three_times_and_then_no_more()
    {
        var sandbox = await StartAsync(500, 500);
        await sandbox.IssueAsync("retry-1");

        using (await sandbox.ClickAsync("retry-1", "pay"))
        {
        }

        var received = await _receiver!.WaitForAsync(3);
        var deliveries = await sandbox.WaitForDeliveriesAsync("retry-1", d => d[0].GetProperty("state").GetString() == "delivered");
        await Task.Delay(200); // many scaled retry intervals: nothing more may come

        Assert.Equal([500, 500, 200], received.Select(r => r.AnsweredWith));
        Assert.All(received, r => Assert.Equal(received[0].Body, r.Body));
        Assert.Equal(3, _receiver.Received.Count);
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal([1, 2, 3], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal([500, 500, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.True(received[1].At <= received[2].At && received[0].At <= received[1].At);
    }

    [Fact]
    public async Task Only_200_ends_the_delivery_and_after_the_last_attempt_the_sandbox_gives_up()
    {
        var sandbox = await StartAsync([204, 503, 404], new Dictionary<string, string> { ["Sandbox:MaxAttempts"] = "3" });
        await sandbox.IssueAsync("retry-2");

        using (await sandbox.PostJsonAsync("/sandbox/payments/retry-2/complete", new { status = "success" }))
        {
        }

        var deliveries = await sandbox.WaitForDeliveriesAsync("retry-2", d => d[0].GetProperty("state").GetString() == "gave up");

        Assert.Equal(3, deliveries[0].GetProperty("attempts").GetArrayLength());
        Assert.Equal(3, _receiver!.Received.Count);
    }

    [Fact]
    public async Task Complete_with_a_status_sends_that_status()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("ctl-1");

        using var response = await sandbox.PostJsonAsync("/sandbox/payments/ctl-1/complete", new { status = "expired" });
        var callback = CallbackSignature.VerifyAndParse(Assert.Single(await _receiver!.WaitForAsync(1)).Body, Keys);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(PaymentStatus.Expired, callback.Payment.Status);
    }

    [Fact]
    public async Task Duplicate_delivers_the_same_signed_body_twice()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("dup-1");

        using (await sandbox.PostJsonAsync("/sandbox/payments/dup-1/complete", new { status = "success", duplicate = true }))
        {
        }

        var received = await _receiver!.WaitForAsync(2);

        Assert.Equal(received[0].Body, received[1].Body);
        CallbackSignature.VerifyAndParse(received[1].Body, Keys);
    }

    [Fact]
    public async Task Out_of_order_delivers_the_operations_earlier_processing_status_after_its_success()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("ooo-1");

        using (await sandbox.PostJsonAsync("/sandbox/payments/ooo-1/complete", new { status = "success", outOfOrder = true }))
        {
        }

        var callbacks = (await _receiver!.WaitForAsync(2)).Select(r => CallbackSignature.VerifyAndParse(r.Body, Keys)).ToList();

        Assert.Equal([PaymentStatus.Success, PaymentStatus.Processing], callbacks.Select(c => c.Payment.Status));
        Assert.Equal(callbacks[0].Operation!.Id, callbacks[1].Operation!.Id);
        Assert.True(string.CompareOrdinal(callbacks[1].Payment.Date, callbacks[0].Payment.Date) <= 0, "the dates are UTC in one format, so they compare as text");
    }

    [Fact]
    public async Task Bad_signature_sends_a_callback_that_fails_verification()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("sig-1");

        using (await sandbox.PostJsonAsync("/sandbox/payments/sig-1/complete", new { badSignature = true }))
        {
        }

        var received = Assert.Single(await _receiver!.WaitForAsync(1));

        var rejected = Assert.Throws<CallbackRejectedException>(() => CallbackSignature.VerifyAndParse(received.Body, Keys));
        Assert.Equal(CallbackRejection.InvalidSignature, rejected.Reason);
    }

    [Fact]
    public async Task An_amount_switch_reports_another_amount_than_the_orders_correctly_signed()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("amt-1", amount: 10000);

        using (await sandbox.PostJsonAsync("/sandbox/payments/amt-1/complete", new { amount = 9999 }))
        {
        }

        var callback = CallbackSignature.VerifyAndParse(Assert.Single(await _receiver!.WaitForAsync(1)).Body, Keys);

        Assert.Equal(9999, callback.Payment.Sum!.Amount);
        Assert.Equal("9999", callback.GetSignedValue("operation:sum_initial:amount"));
    }

    [Fact]
    public async Task A_delayed_callback_waits_while_an_undelayed_one_goes_out_at_once()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("late-1");
        await sandbox.IssueAsync("now-1");

        using (await sandbox.PostJsonAsync("/sandbox/payments/late-1/complete", new { delaySeconds = 600 }))
        using (await sandbox.PostJsonAsync("/sandbox/payments/now-1/complete", new { status = "success" }))
        {
        }

        var received = Assert.Single(await _receiver!.WaitForAsync(1));
        var late = Assert.Single((await sandbox.GetJsonAsync("/sandbox/deliveries?paymentId=late-1")).EnumerateArray());

        Assert.Equal("now-1", CallbackSignature.VerifyAndParse(received.Body, Keys).Payment.Id);
        Assert.Equal("pending", late.GetProperty("state").GetString());
        Assert.Equal(0, late.GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task Global_switches_apply_to_the_customers_click_until_reset()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("sw-1");
        await sandbox.IssueAsync("sw-2");

        using (await sandbox.Client.PutAsJsonAsync("/sandbox/switches", new { duplicate = true }))
        using (await sandbox.ClickAsync("sw-1", "pay"))
        using (await sandbox.Client.DeleteAsync("/sandbox/switches"))
        using (await sandbox.ClickAsync("sw-2", "pay"))
        {
        }

        await _receiver!.WaitForAsync(3);
        await sandbox.WaitForDeliveriesAsync("sw-2", d => d.GetArrayLength() == 1 && d[0].GetProperty("state").GetString() == "delivered");

        Assert.Equal(2, (await sandbox.GetJsonAsync("/sandbox/deliveries?paymentId=sw-1")).GetArrayLength());
        Assert.Equal(1, (await sandbox.GetJsonAsync("/sandbox/deliveries?paymentId=sw-2")).GetArrayLength());
    }

    [Fact]
    public async Task Resend_posts_the_last_callback_again_byte_for_byte()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("re-1");
        using (await sandbox.ClickAsync("re-1", "pay"))
        {
            await _receiver!.WaitForAsync(1);
        }

        using var resend = await sandbox.Client.PostAsync("/sandbox/payments/re-1/resend", null);
        var received = await _receiver.WaitForAsync(2);

        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        Assert.Equal(received[0].Body, received[1].Body);
    }

    [Fact]
    public async Task The_control_api_refuses_an_unknown_payment_or_status_and_a_resend_without_callback()
    {
        var sandbox = await StartAsync();
        await sandbox.IssueAsync("err-1");

        using var unknownPayment = await sandbox.PostJsonAsync("/sandbox/payments/nope/complete", new { status = "success" });
        using var unknownStatus = await sandbox.PostJsonAsync("/sandbox/payments/err-1/complete", new { status = "paid-ish" });
        using var nothingToResend = await sandbox.Client.PostAsync("/sandbox/payments/err-1/resend", null);

        Assert.Equal(HttpStatusCode.NotFound, unknownPayment.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus.StatusCode);
        Assert.Equal("unknown_status", (await unknownStatus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, nothingToResend.StatusCode);
    }

    private Task<SandboxUnderTest> StartAsync(params int[] answers) => StartAsync(answers, null);

    private async Task<SandboxUnderTest> StartAsync(int[] answers, IDictionary<string, string>? settings)
    {
        _receiver = await LoopbackCallbackReceiver.StartAsync(answers);
        _sandbox = await SandboxUnderTest.StartAsync(_receiver.Url, settings);
        return _sandbox;
    }
}
