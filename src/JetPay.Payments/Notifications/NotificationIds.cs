using System.Security.Cryptography;
using System.Text;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Identifiers that are the same for every attempt at one notification (one payment, one status), so that whoever
/// receives it twice can tell: the webhook's <c>webhook-id</c> and the receipt's <c>Message-ID</c>. They are digests,
/// because a payment id may hold a <c>.</c>, which neither a webhook id nor a Message-ID's left part may carry freely.
/// </summary>
public static class NotificationIds
{
    /// <summary>The <c>webhook-id</c>: <c>msg_</c> and 32 hex digits.</summary>
    public static string WebhookId(string paymentId, string status) => "msg_" + Digest(paymentId, status);

    /// <summary>The receipt's <c>Message-ID</c>, without the angle brackets: <c>{digest}.receipt@{domain}</c>.</summary>
    public static string ReceiptMessageId(string paymentId, string status, string domain) => $"{Digest(paymentId, status)}.receipt@{domain}";

    private static string Digest(string paymentId, string status)
    {
        ArgumentException.ThrowIfNullOrEmpty(paymentId);
        ArgumentException.ThrowIfNullOrEmpty(status);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{paymentId}\n{status}")))[..32];
    }
}
