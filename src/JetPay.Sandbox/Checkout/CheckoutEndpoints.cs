using JetPay.PaymentPage;
using JetPay.Sandbox.Callbacks;
using JetPay.Sandbox.Payments;
using Microsoft.Extensions.Options;

namespace JetPay.Sandbox.Checkout;

/// <summary>
/// The checkout page: <c>GET /checkout/{projectId}/{paymentId}</c> shows the order; its buttons post back Pay (callback
/// <c>success</c>), Decline (callback <c>decline</c>) or Leave (no callback; the payment stays open). After the order's
/// <c>best_before</c> it offers nothing and takes nothing.
/// </summary>
internal static class CheckoutEndpoints
{
    public const string Route = "/checkout/{projectId:long}/{paymentId}";

    /// <summary>The path of a payment's checkout page (<see cref="Route"/> filled in).</summary>
    public static string PathFor(long projectId, string paymentId) => $"/checkout/{projectId}/{Uri.EscapeDataString(paymentId)}";

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, Show);
        endpoints.MapPost(Route, CompleteAsync).DisableAntiforgery();
        return endpoints;
    }

    private static IResult Show(long projectId, string paymentId, bool? left, SandboxPayments payments, IOptions<SandboxOptions> options, TimeProvider clock) =>
        Find(projectId, paymentId, payments) is { } payment
            ? Results.Content(CheckoutPage.Render(payment, options.Value.MerchantName, left == true, payment.IsExpiredAt(clock.GetUtcNow())), "text/html; charset=utf-8")
            : Results.Content(CheckoutPage.NotFound(paymentId), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> CompleteAsync(
        long projectId, string paymentId, HttpRequest request, SandboxPayments payments, PaymentCompletion completion, SandboxSwitches switches, TimeProvider clock)
    {
        if (Find(projectId, paymentId, payments) is not { } payment)
        {
            return Results.Content(CheckoutPage.NotFound(paymentId), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        var page = PathFor(projectId, paymentId);
        if (payment.IsExpiredAt(clock.GetUtcNow()))
        {
            // As JetPay's page: after best_before the money is not taken (the page shows why).
            request.HttpContext.Response.Headers.Location = page;
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }

        switch (form["action"].ToString())
        {
            case "pay":
                completion.Complete(payment, PaymentStatus.Success, switches.Current, fromCheckout: true);
                break;
            case "decline":
                completion.Complete(payment, PaymentStatus.Decline, switches.Current, fromCheckout: true);
                break;
            case "leave":
                page += "?left=true";
                break;
            default:
                return Results.BadRequest("action must be pay, decline or leave");
        }

        // Post/redirect/get (303 See Other): reloading the result page does not complete the payment again.
        request.HttpContext.Response.Headers.Location = page;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <remarks>Routing leaves an escaped <c>/</c> escaped in a route value; a payment id may hold one.</remarks>
    private static SandboxPayment? Find(long projectId, string paymentId, SandboxPayments payments) =>
        payments.Find(paymentId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase)) is { } payment && payment.ProjectId == projectId ? payment : null;
}
