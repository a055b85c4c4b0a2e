using System.Net.Http.Json;
using System.Text.Json;
using JetPay.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JetPay.EndToEnd.Tests;

/// <summary>
/// A merchant's customer pays by QR code, driven through the demo page in headless Chromium against the real local
/// stack. Each step leaves a screenshot in <c>artifacts/e2e/</c>.
/// </summary>
public sealed class CheckoutJourneyTests(LocalStack stack) : IClassFixture<LocalStack>
{
    [Fact]
    public async Task A_customer_scans_the_qr_code_pays_on_the_checkout_page_the_demo_page_turns_to_paid_and_the_receipt_and_the_verified_webhook_arrive()
    {
        var paymentId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{paymentId}@example.com";
        await using var desktop = await stack.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 900, Height = 1000 } });
        var shop = await desktop.NewPageAsync();

        // 1. The merchant's developer enters an order on the demo page.
        await shop.GotoAsync(stack.DemoUrl);
        await shop.GetByLabel("Amount", new PageGetByLabelOptions { Exact = true }).FillAsync("123.45");
        await shop.GetByLabel("Order id", new PageGetByLabelOptions { Exact = true }).FillAsync(paymentId);
        await shop.GetByLabel("Email", new PageGetByLabelOptions { Exact = true }).FillAsync(email);
        await stack.ScreenshotAsync(shop, "01-order");
        await shop.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Get QR code" }).ClickAsync();

        // 2. The page shows the QR code JetPay (the sandbox) issued; decoding the image on screen gives the checkout URL.
        var qr = shop.Locator("#qr");
        await Expect(qr).ToBeVisibleAsync();
        await shop.WaitForFunctionAsync("() => { const img = document.querySelector('#qr'); return img.complete && img.naturalWidth > 0; }");
        await Expect(shop.Locator("#status")).ToHaveTextAsync("Waiting for payment…");
        await stack.ScreenshotAsync(shop, "02-qr-code");
        var checkoutUrl = QrCodes.Decode(await qr.ScreenshotAsync());
        Assert.Equal($"{stack.SandboxUrl}/checkout/{LocalStack.ProjectId}/{paymentId}", checkoutUrl);

        // 3. The customer's phone opens it and pays.
        await using var phone = await stack.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var checkout = await phone.NewPageAsync();
        await checkout.GotoAsync(checkoutUrl);
        await Expect(checkout.GetByTestId("amount")).ToHaveTextAsync("123.45 KZT");
        await stack.ScreenshotAsync(checkout, "03-checkout-on-phone");
        await checkout.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Pay", Exact = true }).ClickAsync();
        await Expect(checkout.GetByRole(AriaRole.Status)).ToContainTextAsync("Payment successful");
        await stack.ScreenshotAsync(checkout, "04-paid-on-phone");

        // 4. JetPay's callback reaches the app; the demo page, polling, turns to paid.
        await Expect(shop.Locator("#status")).ToHaveTextAsync("Paid", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Expect(qr).ToBeHiddenAsync();
        await stack.ScreenshotAsync(shop, "05-demo-page-paid");

        // 5. The customer's receipt lands in maildev's inbox.
        var message = await WaitForEmailAsync(email);
        Assert.Contains(paymentId, message.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains("123.45 KZT", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        await Expect(shop.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "mail inbox" })).ToHaveAttributeAsync("href", stack.MailUrl);
        var inbox = await desktop.NewPageAsync();
        await inbox.GotoAsync(stack.MailUrl);
        await stack.ScreenshotAsync(inbox, "06-confirmation-email");

        // 6. The merchant's webhook lands in the webhook inbox, which the demo page links to, its signature verified there
        //    by the Standard Webhooks library.
        var webhooks = await desktop.RunAndWaitForPageAsync(() => shop.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "webhook inbox" }).ClickAsync());
        Assert.StartsWith(stack.WebhookInbox.Url, webhooks.Url, StringComparison.Ordinal);
        var webhook = webhooks.Locator("#webhooks tbody tr", new PageLocatorOptions { HasText = paymentId });
        await Expect(webhook).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await Expect(webhook.Locator(".verified")).ToHaveTextAsync("verified");
        await Expect(webhook).ToContainTextAsync("payment.succeeded");
        await Expect(webhook).ToContainTextAsync("success");
        await stack.ScreenshotAsync(webhooks, "07-webhook-inbox");

        // 7. The switch on the page puts the inbox in outage (503 to every webhook), and out again.
        var outage = webhooks.GetByLabel("Outage");
        await outage.CheckAsync();
        await Eventually.UntilAsync(stack.WebhookInbox.IsInOutageAsync, "the inbox in outage", TimeSpan.FromSeconds(10));
        await outage.UncheckAsync();
        await Eventually.UntilAsync(async () => !await stack.WebhookInbox.IsInOutageAsync(), "the inbox out of outage", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_demo_page_counts_down_the_time_left_and_its_cancel_button_cancels_the_payment_so_the_checkout_no_longer_takes_it()
    {
        var paymentId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        await using var desktop = await stack.Browser.NewContextAsync();
        var shop = await desktop.NewPageAsync();
        await shop.GotoAsync(stack.DemoUrl);
        await shop.GetByLabel("Order id", new PageGetByLabelOptions { Exact = true }).FillAsync(paymentId);
        await shop.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Get QR code" }).ClickAsync();

        await Expect(shop.Locator("#qr")).ToBeVisibleAsync();
        await Expect(shop.Locator("#time-left")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(30:00|29:[0-5][0-9])$")); // the default 30 minutes
        await shop.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Cancel payment" }).ClickAsync();

        await Expect(shop.Locator("#status")).ToHaveTextAsync("Canceled");
        await Expect(shop.Locator("#qr")).ToBeHiddenAsync();
        await Expect(shop.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Cancel payment" })).ToBeHiddenAsync();
        await stack.ScreenshotAsync(shop, "08-canceled");
        using var http = new HttpClient();
        using var read = await http.GetAsync($"{stack.AppUrl}/api/payments/{paymentId}");
        Assert.Equal("canceled", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_demo_page_shows_the_apis_problem_details_by_field_and_refuses_an_amount_it_cannot_send()
    {
        await using var desktop = await stack.Browser.NewContextAsync();
        var shop = await desktop.NewPageAsync();
        await shop.GotoAsync(stack.DemoUrl);
        var error = shop.GetByRole(AriaRole.Alert);

        await shop.GetByLabel("Amount", new PageGetByLabelOptions { Exact = true }).FillAsync("12.345");
        await shop.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Get QR code" }).ClickAsync();
        await Expect(error).ToContainTextAsync("at most 2 decimals");

        await shop.GetByLabel("Amount", new PageGetByLabelOptions { Exact = true }).FillAsync("10");
        await shop.GetByLabel("Email", new PageGetByLabelOptions { Exact = true }).FillAsync("not-an-email");
        await shop.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Get QR code" }).ClickAsync();
        await Expect(error).ToContainTextAsync("customer.email");
        await Expect(shop.Locator("#payment")).ToBeHiddenAsync();
        await stack.ScreenshotAsync(shop, "08-validation-error");
    }

    /// <summary>Polls maildev's REST API (<c>GET /api/email</c>) for a message to <paramref name="address"/>.</summary>
    private async Task<JsonElement> WaitForEmailAsync(string address)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var messages = await http.GetFromJsonAsync<JsonElement>($"{stack.MailUrl}/api/email");
            foreach (var message in messages.EnumerateArray())
            {
                if (message.TryGetProperty("to", out var to) && to.EnumerateArray().Any(r => r.GetProperty("address").GetString() == address))
                {
                    return message;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No email to {address} within 60 s; inbox: {messages}");
            }

            await Task.Delay(500);
        }
    }
}
