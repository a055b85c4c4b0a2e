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

    private static IActionResult Answer(CallbackOutcome outcome) =>
        outcome switch
        {
            CallbackOutcome.Accepted accepted => new JsonBodyResult(StatusCodes.Status200OK, new CallbackAcknowledgement(accepted.PaymentId, accepted.Recording.ToString())),
            CallbackOutcome.Rejected { Reason: CallbackRejection.MissingSignature or CallbackRejection.InvalidSignature } rejected => ApiProblems.Forbidden("invalid_signature", CallbackRejections.Describe(rejected.Reason)),
            CallbackOutcome.Rejected { Reason: CallbackRejection.AmbiguousSigning } rejected => ApiProblems.Forbidden("ambiguous_signature", CallbackRejections.Describe(rejected.Reason)),
            CallbackOutcome.Rejected rejected => ApiProblems.BadRequest(CodeOf(rejected.Reason), CallbackRejections.Describe(rejected.Reason)),
            CallbackOutcome.ForeignProject foreign => ApiProblems.BadRequest("foreign_project", $"The callback is for JetPay project {foreign.ProjectId}, not this one."),
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
        };

    private static string CodeOf(CallbackRejection reason) => reason switch
    {
        CallbackRejection.MissingPaymentId => "missing_payment_id",
        CallbackRejection.UnreadableField => "unreadable_field",
        _ => "malformed_json",
    };

    private sealed record CallbackAcknowledgement(string PaymentId, string Outcome);
}
