using JetPay.Payments.Payments;
using JetPayFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.Payments;

/// <summary><c>POST /api/payments/qr</c>: a QR code for an order.</summary>
public sealed class CreateQrPaymentFunction(QrPaymentService payments)
{
    public const string Name = "CreateQrPayment";
    private const int MaxBodyBytes = 16 * 1024;

    [Function(Name)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "payments/qr")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await RequestBody.ReadJsonAsync<CreateQrPaymentRequest>(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return await StorageBackedAnswer.FromAsync(() => payments.CreateAsync(body!, cancellationToken), Answer).ConfigureAwait(false);
    }

    private static IActionResult Answer(CreateQrPaymentResult result) =>
        result switch
        {
            CreateQrPaymentResult.Created created => new JsonBodyResult(StatusCodes.Status201Created, created.Payment) { Location = PaymentLocation(created.Payment) },
            CreateQrPaymentResult.AlreadyCreated existing => new JsonBodyResult(StatusCodes.Status200OK, existing.Payment) { Location = PaymentLocation(existing.Payment) },
            CreateQrPaymentResult.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            CreateQrPaymentResult.Conflict conflict => ApiProblems.Conflict(conflict.Detail, conflict.RetryLater),
            CreateQrPaymentResult.UpstreamFailed failed => ApiProblems.Upstream(failed.Error),
            _ => throw new InvalidOperationException($"Unhandled result {result.GetType().Name}."),
        };

    private static string PaymentLocation(PaymentView payment) => $"/api/payments/{Uri.EscapeDataString(payment.PaymentId)}";
}
