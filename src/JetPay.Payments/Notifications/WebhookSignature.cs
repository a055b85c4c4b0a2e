using System.Diagnostics.CodeAnalysis;
using System.Text;
using StandardWebhooks;

namespace JetPay.Payments.Notifications;

/// <summary>
/// The symmetric signature of the Standard Webhooks specification, computed by the <c>StandardWebhooks</c> package:
/// <c>v1,</c> and the base64 of HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the bytes
/// of the <c>whsec_</c> secret. This class adds the checks the package leaves out: the secret's length and an id
/// without <c>.</c>.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The prefix that marks a Standard Webhooks symmetric secret.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>The shortest secret the specification allows: 24 bytes (192 bits).</summary>
    public const int MinSecretBytes = 24;

    /// <summary>The longest: 64 bytes (512 bits).</summary>
    public const int MaxSecretBytes = 64;

    /// <summary>The signature for the <c>webhook-signature</c> header.</summary>
    /// <param name="secret">The secret as configured: <c>whsec_</c> and base64 (the prefix may be left out).</param>
    /// <param name="webhookId">The <c>webhook-id</c> header; it must not contain a <c>.</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header's moment (whole seconds are signed).</param>
    /// <param name="body">The exact bytes sent as the body (UTF-8).</param>
    /// <exception cref="FormatException">The secret is not a Standard Webhooks secret.</exception>
    public static string Sign(string secret, string webhookId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        if (webhookId.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("A webhook id must not contain '.': it would make the signed content ambiguous.", nameof(webhookId));
        }

        if (!TryReadSecret(secret, out var key))
        {
            throw new FormatException($"A webhook secret is '{SecretPrefix}' and the base64 of {MinSecretBytes} to {MaxSecretBytes} bytes.");
        }

        // The package signs text and encodes it as UTF-8 again; the body is UTF-8 JSON, so the signed bytes are the sent ones.
        return new StandardWebhook(key).Sign(webhookId, timestamp, Encoding.UTF8.GetString(body));
    }

    /// <summary>The key bytes of a <c>whsec_</c> secret; the prefix is optional, as in the reference libraries.</summary>
    public static bool TryReadSecret(string? secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length is < MinSecretBytes or > MaxSecretBytes)
        {
            return false;
        }

        key = buffer[..length];
        return true;
    }
}
