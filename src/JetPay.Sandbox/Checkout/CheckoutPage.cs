using System.Text.Encodings.Web;
using JetPay.Sandbox.Payments;

namespace JetPay.Sandbox.Checkout;

/// <summary>The HTML of the checkout page a customer's phone opens from the QR code.</summary>
internal static class CheckoutPage
{
    private const string Styles = """
        :root { color-scheme: light dark; --accent: #0b57d0; --ok: #137333; --bad: #b3261e; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
        main { box-sizing: border-box; width: min(26rem, 100% - 2rem); padding: 1.5rem; border: 1px solid color-mix(in srgb, CanvasText 20%, transparent); border-radius: 1rem; }
        .sandbox { margin: 0 0 1rem; padding: .25rem .75rem; border-radius: 999px; display: inline-block; font-size: .8rem; background: #fde293; color: #3c2f00; }
        .merchant { margin: 0; font-size: 1rem; font-weight: 600; }
        h1 { margin: .25rem 0 1rem; font-size: 2rem; }
        dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; margin: 0 0 1.5rem; }
        dt { color: color-mix(in srgb, CanvasText 65%, transparent); }
        dd { margin: 0; overflow-wrap: anywhere; }
        form { display: grid; gap: .75rem; }
        button { font: inherit; font-size: 1.1rem; padding: .8rem 1rem; border-radius: .6rem; border: 2px solid var(--accent); cursor: pointer; }
        button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .pay { background: var(--accent); color: #fff; }
        .decline { background: transparent; color: var(--bad); border-color: var(--bad); }
        .leave { background: transparent; color: inherit; border-color: transparent; text-decoration: underline; }
        .result { padding: 1rem; border-radius: .6rem; font-size: 1.2rem; font-weight: 600; }
        .result.success { background: color-mix(in srgb, var(--ok) 15%, Canvas); color: var(--ok); }
        .result.other { background: color-mix(in srgb, var(--bad) 12%, Canvas); color: var(--bad); }
        .result.left { background: color-mix(in srgb, CanvasText 8%, Canvas); }
        """;

    public static string Render(SandboxPayment payment, string merchantName, bool left, bool expired)
    {
        var e = HtmlEncoder.Default;
        var amount = $"{payment.Currency.FormatMajorUnits(payment.Amount)} {payment.Currency.Code}";
        var description = string.IsNullOrEmpty(payment.Description)
            ? string.Empty
            : $"<dt>For</dt><dd>{e.Encode(payment.Description)}</dd>";
        var body = expired
            ? """<p class="result other" role="status" data-testid="expired">This payment has expired. Nothing was charged; ask the shop for a new one.</p>"""
            : payment.IsOpen && !left ? Buttons() : Outcome(payment, left);
        return Page($"Pay {amount} to {merchantName}", $"""
            <p class="sandbox">JetPay sandbox: no real money moves</p>
            <p class="merchant">{e.Encode(merchantName)}</p>
            <h1 data-testid="amount">{e.Encode(amount)}</h1>
            <dl>
              <dt>Order</dt><dd data-testid="payment-id">{e.Encode(payment.PaymentId)}</dd>
              {description}
              <dt>Customer</dt><dd>{e.Encode(payment.CustomerFirstName)} {e.Encode(payment.CustomerLastName)}</dd>
            </dl>
            {body}
            """);
    }

    public static string NotFound(string paymentId) => Page("Payment not found", $"""
        <p class="sandbox">JetPay sandbox</p>
        <h1>Payment not found</h1>
        <p>This sandbox issued no QR code for payment <strong>{HtmlEncoder.Default.Encode(paymentId)}</strong>. It keeps
        payments in memory, so a restart forgets them: create the payment again.</p>
        """);

    private static string Buttons() => """
        <form method="post" aria-label="Complete the payment">
          <button class="pay" name="action" value="pay">Pay</button>
          <button class="decline" name="action" value="decline">Decline</button>
          <button class="leave" name="action" value="leave">Leave</button>
        </form>
        <script>
          // One click completes once: further submits of the same page are ignored.
          document.querySelector('form').addEventListener('submit', (event) => {
            if (event.target.dataset.sent) event.preventDefault();
            event.target.dataset.sent = 'yes';
          });
        </script>
        """;

    private static string Outcome(SandboxPayment payment, bool left)
    {
        if (payment.IsOpen && left)
        {
            return """<p class="result left" role="status">You left the checkout. Nothing was charged; scan the code again to come back.</p>""";
        }

        return payment.Status == "success"
            ? """<p class="result success" role="status">Payment successful. You can close this page.</p>"""
            : $"""<p class="result other" role="status">Payment {HtmlEncoder.Default.Encode(payment.Status)}.</p>""";
    }

    private static string Page(string title, string content) => $"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{HtmlEncoder.Default.Encode(title)}</title>
          <style>{Styles}</style>
        </head>
        <body>
          <main>
        {content}
          </main>
        </body>
        </html>
        """;
}
