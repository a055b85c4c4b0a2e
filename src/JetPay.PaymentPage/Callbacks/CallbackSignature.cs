using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace JetPay.PaymentPage;

/// <summary>
/// The one way to accept a callback from the platform: verify its signature, then read it.
/// </summary>
/// <example>
/// <code>
/// var keys = await keyProvider.GetSecretKeysAsync(cancellationToken);
/// PaymentCallback callback = CallbackSignature.VerifyAndParse(body, keys); // throws CallbackRejectedException
/// </code>
/// </example>
public static class CallbackSignature
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = PaymentPageSignature.MaxDepth,
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Checks that the raw body is a JSON object signed with the current or the previous key, and returns its typed view.
    /// </summary>
    /// <param name="utf8Body">The request body exactly as received, not re-serialized.</param>
    /// <param name="secretKeys">The project's keys.</param>
    /// <exception cref="CallbackRejectedException">The callback must not be processed; the only exception bad input causes.</exception>
    public static PaymentCallback VerifyAndParse(ReadOnlySpan<byte> utf8Body, SecretKeys secretKeys)
    {
        if (!TryVerifyAndParse(utf8Body, secretKeys, out var callback, out var rejection))
        {
            throw new CallbackRejectedException(rejection);
        }

        return callback;
    }

    /// <summary>As <see cref="VerifyAndParse"/>, reporting a rejection instead of throwing it.</summary>
    public static bool TryVerifyAndParse(
        ReadOnlySpan<byte> utf8Body,
        SecretKeys secretKeys,
        [NotNullWhen(true)] out PaymentCallback? callback,
        out CallbackRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(secretKeys);
        callback = null;

        if (!TryParseDocument(utf8Body, out var rawJson, out var document))
        {
            rejection = CallbackRejection.MalformedJson;
            return false;
        }

        using (document)
        {
            rejection = PaymentPageSignature.Check(utf8Body, secretKeys.Current, secretKeys.Previous) switch
            {
                SignatureCheck.Valid => CallbackRejection.None,
                SignatureCheck.MissingSignature => CallbackRejection.MissingSignature,
                SignatureCheck.InvalidSignature => CallbackRejection.InvalidSignature,
                _ => CallbackRejection.MalformedJson,
            };
            if (rejection != CallbackRejection.None)
            {
                return false;
            }

            callback = PaymentCallback.FromJson(rawJson, document.RootElement);
            if (callback is null)
            {
                rejection = CallbackRejection.MissingPaymentId;
                return false;
            }

            return true;
        }
    }

    internal static bool TryParseDocument(ReadOnlySpan<byte> utf8Body, out string rawJson, [NotNullWhen(true)] out JsonDocument? document)
    {
        rawJson = string.Empty;
        document = null;
        if (!Utf8.IsValid(utf8Body))
        {
            return false;
        }

        rawJson = Encoding.UTF8.GetString(utf8Body);
        return TryParseDocument(rawJson, out document);
    }

    internal static bool TryParseDocument(string rawJson, [NotNullWhen(true)] out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(rawJson, DocumentOptions);
        }
        catch (JsonException)
        {
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            return false;
        }

        return true;
    }
}
