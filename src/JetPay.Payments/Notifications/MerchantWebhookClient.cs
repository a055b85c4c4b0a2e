using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Posts a signed event to the merchant's webhook URL (a typed <see cref="HttpClient"/> with the standard resilience
/// handler: attempt and total timeouts, jittered retries of transient failures). Anything but 2xx is a failure, redirects
/// included (they are not followed, as the Standard Webhooks specification advises).
/// </summary>
public class MerchantWebhookClient(HttpClient http, IOptions<NotificationsOptions> options, TimeProvider timeProvider)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How long one attempt may take (the specification recommends 15 to 30 s for the receiver).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a send may take in all, retries included: well inside a delivery's lease (30 s by default).</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Posts the body; the <c>webhook-timestamp</c> and signature are of this moment.</summary>
    /// <exception cref="WebhookRejectedException">The endpoint answered with a status other than 2xx.</exception>
    public virtual async Task PostAsync(string webhookId, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var webhook = options.Value.Webhook;
        var timestamp = timeProvider.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(IdHeader, webhookId);
        request.Headers.Add(TimestampHeader, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, SignatureHeaderValue(webhook, webhookId, timestamp, body));

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new WebhookRejectedException((int)response.StatusCode);
        }
    }

    /// <summary>
    /// The <c>webhook-signature</c> header: the signature with the secret and, during a rotation, a second one with the
    /// previous secret, space-separated, so that the merchant's check passes with either (Standard Webhooks allows several).
    /// </summary>
    public static string SignatureHeaderValue(WebhookOptions webhook, string webhookId, DateTimeOffset timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var signature = WebhookSignature.Sign(webhook.Secret!, webhookId, timestamp, body);
        return string.IsNullOrEmpty(webhook.PreviousSecret)
            ? signature
            : $"{signature} {WebhookSignature.Sign(webhook.PreviousSecret, webhookId, timestamp, body)}";
    }
}

/// <summary>The merchant's webhook endpoint answered with a status other than 2xx.</summary>
public sealed class WebhookRejectedException(int statusCode)
    : Exception($"The merchant's webhook endpoint answered HTTP {statusCode}.")
{
    public int StatusCode { get; } = statusCode;
}
