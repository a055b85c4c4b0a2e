using JetPay.PaymentPage;
using JetPay.Sandbox.Callbacks;
using JetPay.Sandbox.Payments;

namespace JetPay.Sandbox.Control;

/// <summary>
/// The control API under <c>/sandbox</c>, for curl and tests: complete a payment, resend its last callback, list
/// deliveries with the answers they got, and set the switches that make callbacks misbehave.
/// </summary>
internal static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControl(this IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/sandbox");
        control.MapGet("/health", () => Results.Json(new { status = "ok" }));
        control.MapGet("/payments", (SandboxPayments payments) => Results.Json(payments.List().Select(View)));
        control.MapGet("/payments/{paymentId}", (string paymentId, SandboxPayments payments) =>
            payments.Find(paymentId) is { } payment ? Results.Json(View(payment)) : UnknownPayment(paymentId));
        control.MapPost("/payments/{paymentId}/complete", Complete);
        control.MapPost("/payments/{paymentId}/resend", (string paymentId, PaymentCompletion completion) =>
            completion.ResendLast(paymentId) is { } delivery
                ? Results.Json(delivery.ToView(), statusCode: StatusCodes.Status202Accepted)
                : Problem(StatusCodes.Status404NotFound, "no_callback", $"Payment {paymentId} has had no callback to resend."));
        control.MapGet("/deliveries", (string? paymentId, CallbackDeliveries deliveries) =>
            Results.Json(deliveries.List(paymentId).Select(d => d.ToView())));
        control.MapGet("/switches", (SandboxSwitches switches) => Results.Json(switches.Current));
        control.MapPut("/switches", (CallbackSwitches body, SandboxSwitches switches) =>
        {
            switches.Current = body;
            return Results.Json(switches.Current);
        });
        control.MapDelete("/switches", (SandboxSwitches switches) =>
        {
            switches.Current = CallbackSwitches.None;
            return Results.Json(switches.Current);
        });
        return endpoints;
    }

    private static IResult Complete(string paymentId, CompleteRequest? body, SandboxPayments payments, PaymentCompletion completion, SandboxSwitches switches)
    {
        if (payments.Find(paymentId) is not { } payment)
        {
            return UnknownPayment(paymentId);
        }

        var status = PaymentStatus.Parse(body?.Status ?? PaymentStatus.Success.Value);
        if (!status.IsKnown)
        {
            return Problem(StatusCodes.Status400BadRequest, "unknown_status", $"'{status}' is not a Payment Page status (success, decline, processing, …).");
        }

        var defaults = switches.Current;
        var effective = new CallbackSwitches
        {
            Duplicate = body?.Duplicate ?? defaults.Duplicate,
            OutOfOrder = body?.OutOfOrder ?? defaults.OutOfOrder,
            DelaySeconds = body?.DelaySeconds ?? defaults.DelaySeconds,
            BadSignature = body?.BadSignature ?? defaults.BadSignature,
            Amount = body?.Amount ?? defaults.Amount,
        };
        var queued = completion.Complete(payment, status, effective, fromCheckout: false);
        return Results.Json(new { payment = View(payment), deliveries = queued.Select(d => d.ToView()) }, statusCode: StatusCodes.Status202Accepted);
    }

    private static object View(SandboxPayment payment) => new
    {
        paymentId = payment.PaymentId,
        projectId = payment.ProjectId,
        status = payment.Status,
        amount = payment.Amount,
        currency = payment.Currency.Code,
        customerId = payment.CustomerId,
        description = payment.Description,
        createdAt = payment.CreatedAt,
    };

    private static IResult UnknownPayment(string paymentId) =>
        Problem(StatusCodes.Status404NotFound, "unknown_payment", $"No QR code was issued for payment {paymentId}.");

    private static IResult Problem(int status, string code, string message) =>
        Results.Json(new { status = "error", code, message }, statusCode: status);

    /// <summary>The body of <c>complete</c>: a status (default <c>success</c>) and switches for this completion only.</summary>
    internal sealed record CompleteRequest(string? Status, bool? Duplicate, bool? OutOfOrder, double? DelaySeconds, bool? BadSignature, long? Amount);
}
