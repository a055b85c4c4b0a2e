using JetPay.PaymentPage;
using JetPay.Payments.Callbacks;
using JetPayFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.Callbacks;

/// <summary>
/// <c>POST /api/jetpay/callback</c>: JetPay's purchase results. Anonymous: the signature is the authentication.
/// Anything but 200 makes JetPay deliver again, so 5xx is answered only when the callback could not be stored.
/// </summary>
public sealed class JetPayCallbackFunction(CallbackReceiver receiver)
{
    public const string Name = "JetPayCallback";

    [Function(Name)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jetpay/callback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBytesAsync(request, CallbackReceiver.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return ApiProblems.PayloadTooLarge(CallbackReceiver.MaxBodyBytes);
        }

        return await StorageBackedAnswer.FromAsync(() => receiver.ReceiveAsync(body, cancellationToken), Answer).ConfigureAwait(false);
    }

    private static IActionResult Answer(CallbackReceipt receipt) =>
        receipt switch
        {
            CallbackReceipt.Accepted accepted => new JsonBodyResult(StatusCodes.Status200OK, new CallbackAcknowledgement(accepted.PaymentId, accepted.Outcome.ToString())),
            CallbackReceipt.Rejected { Reason: CallbackRejection.MissingSignature or CallbackRejection.InvalidSignature } rejected => ApiProblems.Forbidden("invalid_signature", Describe(rejected.Reason)),
            CallbackReceipt.Rejected rejected => ApiProblems.BadRequest(rejected.Reason == CallbackRejection.MissingPaymentId ? "missing_payment_id" : "malformed_json", Describe(rejected.Reason)),
            CallbackReceipt.ForeignProject foreign => ApiProblems.BadRequest("foreign_project", $"The callback is for JetPay project {foreign.ProjectId}, not this one."),
            _ => throw new InvalidOperationException($"Unhandled receipt {receipt.GetType().Name}."),
        };

    private static string Describe(CallbackRejection reason) => reason switch
    {
        CallbackRejection.MalformedJson => "The body is not a JSON object in UTF-8.",
        CallbackRejection.MissingSignature => "The callback carries no signature.",
        CallbackRejection.InvalidSignature => "The signature does not match the body and the project's secret.",
        CallbackRejection.MissingPaymentId => "The callback has no payment.id.",
        _ => reason.ToString(),
    };

    private sealed record CallbackAcknowledgement(string PaymentId, string Outcome);
}
