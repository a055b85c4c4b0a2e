using JetPay.Payments.Payments;
using JetPayFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.Payments;

/// <summary><c>POST /api/payments/{paymentId}/cancel</c>: a payment that can still be paid stops taking money.</summary>
public sealed class CancelPaymentFunction(QrPaymentService payments)
{
    public const string Name = "CancelPayment";

    [Function(Name)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "payments/{paymentId}/cancel")] HttpRequest request,
        string paymentId,
        CancellationToken cancellationToken)
    {
        return await StorageBackedAnswer.FromAsync(
            () => payments.CancelAsync(paymentId, cancellationToken),
            result => result switch
            {
                CancelPaymentResult.Canceled canceled => new JsonBodyResult(StatusCodes.Status200OK, canceled.Payment),
                CancelPaymentResult.AlreadyFinal final => ApiProblems.PaymentFinal(paymentId, final.Payment.Status),
                CancelPaymentResult.NotFound => ApiProblems.NotFound($"No payment '{paymentId}'."),
                _ => throw new InvalidOperationException($"Unhandled result {result.GetType().Name}."),
            }).ConfigureAwait(false);
    }
}
