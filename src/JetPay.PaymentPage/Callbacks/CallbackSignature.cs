using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace JetPay.PaymentPage;

/// <summary>
/// The one way to accept a callback from the platform: verify its signature, then read what the signature covers.
/// </summary>
/// <remarks>
/// The signing string is not one-to-one with the JSON (PHP's flattening drops some keys, and a number, a string and a
/// boolean can write the same text), so the body is accepted only when its flattening is one-to-one, and the typed
/// callback is read from the signed entries, never from the JSON: two bodies with the same signing string give the same
/// <see cref="PaymentCallback"/>, <see cref="PaymentCallback.SigningDigest"/> included, or are refused.
/// </remarks>
/// <example>
/// <code>
/// var keys = await keyProvider.GetSecretKeysAsync(cancellationToken);
/// PaymentCallback callback = CallbackSignature.VerifyAndParse(body, keys); // throws CallbackRejectedException
/// </code>
/// </example>
public static class CallbackSignature
{
    /// <summary>
    /// Checks that the raw body is a JSON object signed with the current or the previous key, that it binds what was
    /// signed one-to-one, and returns its typed view.
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
        var entries = SigningEntries.Rent();
        try
        {
            rejection = PaymentPageSignature.Check(utf8Body, secretKeys.Current, secretKeys.Previous, entries) switch
            {
                SignatureCheck.Valid => CallbackRejection.None,
                SignatureCheck.MissingSignature => CallbackRejection.MissingSignature,
                SignatureCheck.InvalidSignature => CallbackRejection.InvalidSignature,
                _ => CallbackRejection.MalformedJson,
            };
            if (rejection == CallbackRejection.None)
            {
                rejection = Read(entries, out callback);
            }

            return rejection == CallbackRejection.None;
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>Reads JSON without checking a signature; only for <see cref="PaymentCallback.Parse"/>.</summary>
    internal static CallbackRejection ReadUnverified(ReadOnlySpan<byte> utf8Json, out PaymentCallback? callback)
    {
        callback = null;
        var entries = SigningEntries.Rent();
        try
        {
            try
            {
                entries.AddJson(utf8Json, PaymentPageSignature.MaxDepth, excludeSignatures: true);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException)
            {
                return CallbackRejection.MalformedJson;
            }

            if (!entries.RootIsObject)
            {
                return CallbackRejection.MalformedJson;
            }

            entries.BuildSigningString();
            return Read(entries, out callback);
        }
        finally
        {
            entries.Return();
        }
    }

    private static CallbackRejection Read(SigningEntries entries, out PaymentCallback? callback)
    {
        callback = null;
        if (!entries.IsOneToOne)
        {
            return CallbackRejection.AmbiguousSigning;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(entries.SigningString, digest);
        return SignedCallbackReader.TryRead(entries, Convert.ToHexStringLower(digest), out callback);
    }
}
