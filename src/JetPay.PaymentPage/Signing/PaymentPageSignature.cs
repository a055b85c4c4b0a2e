using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace JetPay.PaymentPage;

/// <summary>
/// The Payment Page signature: HMAC-SHA512, in base64, of a signing string made from every value of a request or
/// callback, exactly as JetPay's reference SDK (PHP) makes it.
/// </summary>
/// <remarks>
/// <para>The signing string: each value becomes <c>path:value</c>, the path being the keys from the root joined by
/// <c>:</c> (array elements keyed by their 0-based index, a <c>:</c> inside a key written <c>::</c>); <c>true</c> is
/// <c>1</c>, <c>false</c> is <c>0</c>, <c>null</c> is empty, strings are taken as they are and integers as their JSON
/// digits; empty arrays and objects give nothing; <c>frame_mode</c> is left out at every level. The entries are sorted in
/// PHP's natural order (byte-wise and case-sensitive, runs of digits by value) and joined with <c>;</c>.</para>
/// <para>To accept a callback use <see cref="CallbackSignature.TryVerifyAndParse"/>, which also rotates keys and reads
/// what the signature covers.</para>
/// </remarks>
public static class PaymentPageSignature
{
    /// <summary>How deep a JSON payload may nest; deeper input is not JSON the platform sends.</summary>
    internal const int MaxDepth = 64;

    // A JsonElement was parsed already, perhaps with a larger MaxDepth than ours: it is signed as deep as JsonDocument allows.
    private const int ParsedElementMaxDepth = 1024;

    /// <summary>The signature of request parameters, to send as the <c>signature</c> parameter.</summary>
    /// <param name="parameters">The parameters by name; a <see langword="null"/> value signs as empty, and a name given twice keeps its last value, as a PHP array would.</param>
    /// <param name="secretKey">The project's secret key.</param>
    /// <returns>The signature in base64.</returns>
    /// <exception cref="ArgumentException">The key is empty, or a parameter has no name.</exception>
    public static string Sign(IEnumerable<KeyValuePair<string, string?>> parameters, string secretKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        return Signature(secretKey, SigningStringOf(parameters));
    }

    /// <summary>
    /// Sets the top-level <c>signature</c> of a payload to the signature of its other values (every <c>signature</c> key
    /// left out), as the platform signs a callback: for a stand-in of the platform, or the tests of a callback handler.
    /// </summary>
    /// <param name="payload">The callback; changed in place.</param>
    /// <param name="secretKey">The project's secret key.</param>
    /// <exception cref="ArgumentException">The key is empty, or the payload nests deeper than 64 levels.</exception>
    public static void AddSignature(JsonObject payload, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        payload["signature"] = Signature(secretKey, SigningStringOf(Encoding.UTF8.GetBytes(payload.ToJsonString()), MaxDepth, excludeSignatures: true));
    }

    /// <summary>The signing string of a JSON object or array, every value counted, a <c>signature</c> key too.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is not a JSON object or array.</exception>
    internal static string BuildSigningString(JsonElement payload) =>
        Encoding.UTF8.GetString(SigningStringOf(RawObjectOrArray(payload), ParsedElementMaxDepth, excludeSignatures: false));

    /// <summary>The signing string of flat request parameters.</summary>
    internal static string BuildSigningString(IEnumerable<KeyValuePair<string, string?>> parameters) =>
        Encoding.UTF8.GetString(SigningStringOf(parameters));

    /// <summary>The signature of a JSON object or array: every value counts, a <c>signature</c> key too.</summary>
    internal static string Sign(JsonElement payload, string secretKey) =>
        Signature(secretKey, SigningStringOf(RawObjectOrArray(payload), ParsedElementMaxDepth, excludeSignatures: false));

    /// <summary>The signature of UTF-8 JSON text: every value counts, a <c>signature</c> key too.</summary>
    internal static string Sign(ReadOnlySpan<byte> utf8Json, string secretKey) =>
        Signature(secretKey, SigningStringOf(utf8Json, MaxDepth, excludeSignatures: false));

    /// <summary>
    /// Whether UTF-8 JSON carries a valid signature: the top-level <c>signature</c>, or else <c>general.signature</c>,
    /// checked against all other values (every <c>signature</c> key left out) in constant time.
    /// </summary>
    internal static bool Verify(ReadOnlySpan<byte> utf8Json, string secretKey)
    {
        using var entries = new SigningEntries();
        return Check(utf8Json, new SecretKeys(secretKey), entries) == CallbackRejection.None;
    }

    /// <inheritdoc cref="Verify(ReadOnlySpan{byte}, string)"/>
    internal static bool Verify(JsonElement payload, string secretKey)
    {
        using var entries = new SigningEntries();
        return payload.ValueKind == JsonValueKind.Object
            && Check(JsonMarshal.GetRawUtf8Value(payload), new SecretKeys(secretKey), entries, ParsedElementMaxDepth) == CallbackRejection.None;
    }

    /// <summary>
    /// Checks the signature of a JSON object under either key (<see cref="CallbackRejection.None"/> when it holds),
    /// leaving the signed entries, sorted, in <paramref name="entries"/>; never throws for bad input.
    /// </summary>
    internal static CallbackRejection Check(ReadOnlySpan<byte> utf8Json, SecretKeys keys, SigningEntries entries, int maxDepth = MaxDepth)
    {
        if (!Utf8.IsValid(utf8Json) || !entries.AddJson(utf8Json, maxDepth, excludeSignatures: true) || !entries.RootIsObject)
        {
            return CallbackRejection.MalformedJson;
        }

        if (!entries.HasSignature)
        {
            return CallbackRejection.MissingSignature;
        }

        // Only standard padded base64 of the 64 bytes of an HMAC-SHA512 is a signature.
        Span<byte> carried = stackalloc byte[HMACSHA512.HashSizeInBytes];
        var signature = entries.CarriedSignature;
        if (signature is not { Length: 88 } || !Convert.TryFromBase64String(signature, carried, out var length) || length != carried.Length)
        {
            return CallbackRejection.InvalidSignature;
        }

        var signingString = entries.BuildSigningString();
        var matched = CryptographicOperations.FixedTimeEquals(Hmac(keys.Current, signingString), carried);
        if (keys.Previous is not null)
        {
            matched |= CryptographicOperations.FixedTimeEquals(Hmac(keys.Previous, signingString), carried);
        }

        return matched ? CallbackRejection.None : CallbackRejection.InvalidSignature;
    }

    private static string Signature(string secretKey, byte[] signingString)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        return Convert.ToBase64String(Hmac(secretKey, signingString));
    }

    private static byte[] Hmac(string secretKey, ReadOnlySpan<byte> signingString)
    {
        var key = Encoding.UTF8.GetBytes(secretKey);
        try
        {
            return HMACSHA512.HashData(key, signingString);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static ReadOnlySpan<byte> RawObjectOrArray(JsonElement payload) =>
        payload.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? JsonMarshal.GetRawUtf8Value(payload)
            : throw new ArgumentException("The payload must be a JSON object or array.", nameof(payload));

    private static byte[] SigningStringOf(ReadOnlySpan<byte> utf8Json, int maxDepth, bool excludeSignatures)
    {
        using var entries = new SigningEntries();
        if (!Utf8.IsValid(utf8Json) || !entries.AddJson(utf8Json, maxDepth, excludeSignatures))
        {
            throw new ArgumentException("The payload must be a JSON object or array, in UTF-8, whose values with their paths take at most 1 MiB.", nameof(utf8Json));
        }

        return entries.BuildSigningString();
    }

    private static byte[] SigningStringOf(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var entries = new SigningEntries();
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("Every parameter needs a name.", nameof(parameters));
            }

            if (name != "frame_mode")
            {
                entries.AddParameter(name, value);
            }
        }

        return entries.BuildSigningString();
    }
}
