using JetPay.Payments.Payments;
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
        return await StorageBackedAnswer.FromAsync(
            () => payments.GetAsync(paymentId, cancellationToken),
            payment => payment is null ? ApiProblems.NotFound($"No payment '{paymentId}'.") : new JsonBodyResult(StatusCodes.Status200OK, payment)).ConfigureAwait(false);
    }
}
