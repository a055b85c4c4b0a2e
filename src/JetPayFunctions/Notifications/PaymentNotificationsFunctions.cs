using JetPay.Payments.Notifications;
using JetPayFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.Notifications;

/// <summary>
/// <c>GET /api/payments/{paymentId}/notifications</c>: where each e-mail and webhook of a payment stands;
/// <c>POST /api/payments/{paymentId}/notifications/{notificationId}/redeliver</c>: send one again, with the same event id.
/// </summary>
public sealed class PaymentNotificationsFunctions(NotificationDeliveries deliveries)
{
    public const string ListName = "ListPaymentNotifications";
    public const string RedeliverName = "RedeliverPaymentNotification";

    [Function(ListName)]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "payments/{paymentId}/notifications")] HttpRequest request,
        string paymentId,
        CancellationToken cancellationToken)
    {
        return await StorageBackedAnswer.FromAsync(
            () => deliveries.ListAsync(paymentId, cancellationToken),
            list => list is null
                ? ApiProblems.NotFound($"No payment '{paymentId}'.")
                : new JsonBodyResult(StatusCodes.Status200OK, new { paymentId, notifications = list })).ConfigureAwait(false);
    }

    [Function(RedeliverName)]
    public async Task<IActionResult> Redeliver(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "payments/{paymentId}/notifications/{notificationId}/redeliver")] HttpRequest request,
        string paymentId,
        string notificationId,
        CancellationToken cancellationToken)
    {
        return await StorageBackedAnswer.FromAsync(
            () => deliveries.RedeliverAsync(paymentId, notificationId, cancellationToken),
            result => result switch
            {
                RedeliveryResult.Scheduled scheduled => new JsonBodyResult(StatusCodes.Status202Accepted, scheduled.Delivery),
                RedeliveryResult.InProgress => ApiProblems.Conflict("delivery_in_progress", $"The notification '{notificationId}' is being sent right now; ask again once it is done.", TimeSpan.FromSeconds(5)),
                _ => ApiProblems.NotFound($"No notification '{notificationId}' of payment '{paymentId}'."),
            }).ConfigureAwait(false);
    }
}
