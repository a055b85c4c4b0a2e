namespace JetPay.PaymentPage;

/// <summary>Values that must never reach an exception: the request's signature and the secret key.</summary>
internal sealed class Redactions(params string[] secrets)
{
    public string Apply(string text)
    {
        foreach (var secret in secrets)
        {
            if (secret.Length == 0)
            {
                continue;
            }

            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal)
                .Replace(Uri.EscapeDataString(secret), "[redacted]", StringComparison.Ordinal)
                .Replace(secret.Replace("/", "\\/", StringComparison.Ordinal), "[redacted]", StringComparison.Ordinal);
        }

        return text;
    }
}
