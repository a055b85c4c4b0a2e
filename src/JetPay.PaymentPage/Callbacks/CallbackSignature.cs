using System.Diagnostics.CodeAnalysis;

namespace JetPay.PaymentPage;

/// <summary>The one way to accept a callback from the platform: verify its signature, then read what the signature covers.</summary>
/// <remarks>
/// The signing string is not one-to-one with the JSON (PHP's flattening drops some keys, and a number, a string and a
/// boolean can write the same text), so a body is accepted only when it binds what was signed one-to-one, and the typed
/// callback is read from the signed entries, never from the JSON: two bodies with the same signing string give the same
/// <see cref="PaymentCallback"/>, <see cref="PaymentCallback.SigningDigest"/> included, or are refused.
/// </remarks>
/// <example>
/// <code>
/// var keys = await keyProvider.GetSecretKeysAsync(cancellationToken);
/// if (!CallbackSignature.TryVerifyAndParse(body, keys, out var callback, out var rejection))
/// {
///     return Results.Problem(CallbackRejections.Describe(rejection), statusCode: 403);
/// }
/// </code>
/// </example>
public static class CallbackSignature
{
    /// <summary>
    /// Checks that the raw body is a JSON object signed with the current or the previous key and that it binds what was
    /// signed one-to-one, and reads it; never throws for bad input.
    /// </summary>
    /// <param name="utf8Body">The request body exactly as received, not re-serialized.</param>
    /// <param name="secretKeys">The project's keys.</param>
    /// <param name="callback">The callback, when accepted.</param>
    /// <param name="rejection">Why the callback must not be processed, or <see cref="CallbackRejection.None"/>.</param>
    /// <returns>Whether the callback was accepted.</returns>
    public static bool TryVerifyAndParse(
        ReadOnlySpan<byte> utf8Body,
        SecretKeys secretKeys,
        [NotNullWhen(true)] out PaymentCallback? callback,
        out CallbackRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(secretKeys);
        callback = null;
        using var entries = new SigningEntries();
        rejection = PaymentPageSignature.Check(utf8Body, secretKeys, entries);
        if (rejection == CallbackRejection.None)
        {
            rejection = SignedCallbackReader.Read(entries, out callback);
        }

        return rejection == CallbackRejection.None;
    }

    /// <summary>As <see cref="TryVerifyAndParse"/>, throwing the rejection; for tests.</summary>
    internal static PaymentCallback VerifyAndParse(ReadOnlySpan<byte> utf8Body, SecretKeys secretKeys) =>
        TryVerifyAndParse(utf8Body, secretKeys, out var callback, out var rejection) ? callback : throw new CallbackRejectedException(rejection);
}
