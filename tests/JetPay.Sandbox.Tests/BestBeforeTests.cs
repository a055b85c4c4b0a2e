using System.Net.Http.Json;
using JetPay.PaymentPage;
using JetPay.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JetPay.Sandbox.Tests;

/// <summary>
/// The sandbox's checkout after <c>best_before</c>, in headless Chromium: as JetPay's page, it refuses to take the money;
/// its control API can still complete the payment late, to exercise the app's handling of money after expiry.
/// </summary>
public sealed class BestBeforeTests : IAsyncLifetime
{
    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private LoopbackCallbackReceiver _receiver = null!;
    private SandboxUnderTest _sandbox = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackCallbackReceiver.StartAsync();
        _sandbox = await SandboxUnderTest.StartAsync(_receiver.Url);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task After_best_before_the_checkout_refuses_to_pay_and_the_control_api_can_still_complete_it_late()
    {
        var bestBefore = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds());
        await _sandbox.PaymentPageClient().GenerateQrAsync(SandboxUnderTest.Purchase("late-1") with { BestBefore = bestBefore });
        await using var phone = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await phone.NewPageAsync();

        await page.GotoAsync(new Uri(_sandbox.BaseUri, $"/checkout/{SandboxUnderTest.ProjectId}/late-1").ToString());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay" })).ToBeVisibleAsync(); // still open: the customer dawdles
        await Task.Delay(bestBefore - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();

        await Expect(page.GetByTestId("expired")).ToContainTextAsync("This payment has expired");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay" })).ToHaveCountAsync(0);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(_receiver.Received);

        using var late = await _sandbox.Client.PostAsJsonAsync("/sandbox/payments/late-1/complete", new { status = "success" });
        var callback = Assert.Single(await _receiver.WaitForAsync(1));
        Assert.Equal(PaymentStatus.Success, CallbackSignature.VerifyAndParse(callback.Body, new SecretKeys(SandboxUnderTest.SecretKey)).Payment.Status);
    }
}
