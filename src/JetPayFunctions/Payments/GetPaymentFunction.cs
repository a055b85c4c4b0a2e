using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPayFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.Payments;

/// <summary><c>GET /api/payments/{paymentId}</c>: a payment's status, with a fresh QR code URL while it can be paid.</summary>
public sealed class GetPaymentFunction(QrPaymentService payments)
{
    public const string Name = "GetPayment";

    [Function(Name)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "payments/{paymentId}")] HttpRequest request,
        string paymentId,
        CancellationToken cancellationToken)
    {
        PaymentView? payment;
        try
        {
            payment = await payments.GetAsync(paymentId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return ApiProblems.StorageUnavailable();
        }

        return payment is null
            ? ApiProblems.NotFound($"No payment '{paymentId}'.")
            : new JsonBodyResult(StatusCodes.Status200OK, payment);
    }
}
