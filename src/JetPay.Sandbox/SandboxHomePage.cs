using System.Text;
using System.Text.Encodings.Web;
using JetPay.Sandbox.Checkout;
using JetPay.Sandbox.Payments;

namespace JetPay.Sandbox;

/// <summary><c>GET /</c>: what the sandbox is set to, and its payments with links to their checkout pages.</summary>
internal static class SandboxHomePage
{
    public static string Render(IReadOnlyList<SandboxPayment> payments, SandboxOptions options)
    {
        var e = HtmlEncoder.Default;
        var rows = new StringBuilder();
        foreach (var p in payments)
        {
            var link = CheckoutEndpoints.PathFor(p.ProjectId, p.PaymentId);
            rows.Append(CultureInvariant($"<tr><td><a href=\"{e.Encode(link)}\">{e.Encode(p.PaymentId)}</a></td><td>{p.Currency.FormatMajorUnits(p.Amount)} {p.Currency.Code}</td><td>{e.Encode(p.Status)}</td><td>{p.CreatedAt:u}</td></tr>"));
        }

        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>JetPay sandbox</title>
              <style>
                body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; }
                table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ccc; }
                code { background: color-mix(in srgb, CanvasText 8%, Canvas); padding: 0 .25rem; }
              </style>
            </head>
            <body>
              <h1>JetPay sandbox</h1>
              <p>Project <code>{{options.ProjectId}}</code> ({{e.Encode(options.MerchantName)}}); callbacks go to
              <code>{{e.Encode(options.CallbackUrl.AbsoluteUri)}}</code>. Control API: <a href="/sandbox/payments">/sandbox/payments</a>,
              <a href="/sandbox/deliveries">/sandbox/deliveries</a>, <a href="/sandbox/switches">/sandbox/switches</a>.</p>
              <h2>Payments</h2>
              <table>
                <thead><tr><th scope="col">Payment</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
                <tbody>{{(rows.Length == 0 ? "<tr><td colspan=\"4\">None yet: create one through the app.</td></tr>" : rows.ToString())}}</tbody>
              </table>
            </body>
            </html>
            """;
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
