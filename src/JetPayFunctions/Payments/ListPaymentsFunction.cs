using JetPay.Payments.Payments;
using JetPayFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.Payments;

/// <summary><c>GET /api/payments?status=&amp;createdFrom=&amp;createdTo=&amp;limit=&amp;continuationToken=</c>: payments newest first, to reconcile with.</summary>
public sealed class ListPaymentsFunction(PaymentList list)
{
    public const string Name = "ListPayments";

    [Function(Name)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "payments")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        return await StorageBackedAnswer.FromAsync(
            () => list.ListAsync(query["status"], query["createdFrom"], query["createdTo"], query["limit"], query["continuationToken"], cancellationToken),
            result => result switch
            {
                PaymentListResult.Page page => new JsonBodyResult(StatusCodes.Status200OK, new { payments = page.Payments, continuationToken = page.ContinuationToken }),
                PaymentListResult.Invalid invalid => ApiProblems.Validation(invalid.Errors),
                _ => throw new InvalidOperationException($"Unhandled result {result.GetType().Name}."),
            }).ConfigureAwait(false);
    }
}
